package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// DemoTitlePrefix marks sample data so nobody mistakes it for a real session.
const DemoTitlePrefix = "DEMO — "

// DemoOptions shape the sample session.
type DemoOptions struct {
	// Seed fixes names, places and answers (never ids); nil picks at random.
	Seed *uint64
	// Participants is how many attendees to add, with about one question
	// for every ten (one urgent, one confidential, sealed: made only when
	// the coordinator's key is set); 0 adds none.
	Participants int
	// PackID and PackVersion name the content pack the session uses.
	PackID, PackVersion string
	// Quiz is the pack's quiz; with participants, most of them get pre- and
	// post-test answers (the post-test better than the pre-test).
	Quiz []QuizItem
}

type demoPlace struct{ village, district, regency string }

// Villages in the regencies of Lombok where sosialisasi are held.
var demoPlaces = []demoPlace{
	{"Desa Sakra", "Sakra", "Lombok Timur"},
	{"Desa Pringgabaya", "Pringgabaya", "Lombok Timur"},
	{"Desa Masbagik Utara", "Masbagik", "Lombok Timur"},
	{"Desa Aikmel", "Aikmel", "Lombok Timur"},
	{"Desa Sukamulia", "Sukamulia", "Lombok Timur"},
	{"Desa Janapria", "Janapria", "Lombok Tengah"},
	{"Desa Sengkol", "Pujut", "Lombok Tengah"},
	{"Desa Kuripan", "Kuripan", "Lombok Barat"},
	{"Desa Gunungsari", "Gunungsari", "Lombok Barat"},
}

var demoVenues = []string{"Aula Kantor Desa", "Balai Desa", "Masjid Desa (serambi)", "Gedung Serbaguna Desa"}

var demoOfficers = [][]Officer{
	{{Name: "AKP Baiq Nurul Hidayati", NRP: "83040512", Unit: "Ditres PPA-PPO Polda NTB"}, {Name: "Bripka Lalu Muhammad Zaini", NRP: "88110233", Unit: "Ditres PPA-PPO Polda NTB"}},
	{{Name: "Iptu Ni Made Ayu Sri Wahyuni", NRP: "86070145", Unit: "Ditres PPA-PPO Polda NTB"}},
	{{Name: "Aipda Ahmad Syafi’i", NRP: "84020317", Unit: "Bhabinkamtibmas"}, {Name: "Brigpol Dewi Lestari", NRP: "95030711", Unit: "Ditres PPA-PPO Polda NTB"}},
}

var demoPartners = []string{
	"Kantor Imigrasi Kelas I TPI Mataram; BP3MI NTB",
	"Disnakertrans Kabupaten; Pemerintah Desa",
	"BP3MI NTB; UPTD PPA Kabupaten",
}

// Demo creates one realistic sample session, titled as a demo, and returns it.
func (st *Store) Demo(ctx context.Context, opts DemoOptions) (Session, error) {
	rng := demoRand(opts.Seed)
	place := demoPlaces[rng.IntN(len(demoPlaces))]
	day := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(300))
	sess := Session{
		PackID:      opts.PackID,
		PackVersion: opts.PackVersion,
		Title:       DemoTitlePrefix + "Sosialisasi Pencegahan TPPO dan Migrasi Aman",
		Date:        day.Format("2006-01-02"),
		StartTime:   []string{"08:30", "09:00", "13:30", "19:30"}[rng.IntN(4)],
		Village:     place.village,
		District:    place.district,
		Regency:     place.regency,
		Province:    "Nusa Tenggara Barat",
		Venue:       demoVenues[rng.IntN(len(demoVenues))],
		Officers:    demoOfficers[rng.IntN(len(demoOfficers))],
		Partners:    demoPartners[rng.IntN(len(demoPartners))],
		Notes:       "Data contoh untuk mencoba aplikasi. Boleh dihapus.",
	}
	if opts.Participants > MaxParticipants {
		return sess, fmt.Errorf("%w: %d participants", ErrSessionFull, MaxParticipants)
	}
	sess.Status = StatusDraft
	if err := sess.Clean(); err != nil {
		return sess, err
	}
	officers, err := json.Marshal(sess.Officers)
	if err != nil {
		return sess, err
	}
	now := st.Now()
	sess.ID, sess.Version, sess.CreatedAt, sess.UpdatedAt = NewID(), 1, now.UTC(), now.UTC()
	created := sess
	// One transaction for the whole session, its statements prepared once:
	// a province's year of demo data (10,000 sessions) is made in minutes
	// rather than hours. The rows are those AddParticipant, AddQuestion and
	// SaveAnswers write.
	err = st.write(ctx, func(tx *sql.Tx) error {
		if err := insertSession(ctx, tx, created, string(officers), now); err != nil {
			return err
		}
		if opts.Participants == 0 {
			return nil
		}
		people, err := st.demoPeople(ctx, tx, rng, created.ID, place, opts.Participants)
		if err != nil {
			return err
		}
		keys, err := sealingKeys(ctx, tx)
		if err != nil {
			return err
		}
		for i, q := range demoQuestions(rng, max(2, opts.Participants/10)) {
			if q.Confidential && len(keys) == 0 {
				continue // never in clear: sealed to the coordinator, or not made
			}
			q.SessionID = created.ID
			if !q.Urgent && !q.Confidential && rng.IntN(2) == 0 {
				q.AskedBy = people[rng.IntN(len(people))].ID
			}
			if err := q.Clean(); err != nil {
				return fmt.Errorf("demo question %d: %w", i, err)
			}
			if _, err := st.insertQuestion(ctx, tx, q); err != nil {
				return err
			}
		}
		return st.demoQuiz(ctx, tx, rng, created.ID, people, opts.Quiz)
	})
	if err != nil {
		return created, fmt.Errorf("demo session: %w", err)
	}
	return st.Session(ctx, created.ID)
}

// demoPeople adds n demo attendees to a new session, numbered from 1, with
// one prepared statement, as insertParticipant would add them one by one.
func (st *Store) demoPeople(ctx context.Context, tx *sql.Tx, rng *rand.Rand, sessionID string, place demoPlace, n int) ([]Participant, error) {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO participants (id, session_id, number, name, name_key, gender,
		age, category, village, phone, consent, guardian_present, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`)
	if err != nil {
		return nil, err
	}
	defer ins.Close()
	now := st.Now().UTC()
	stamp := formatTime(now)
	people := make([]Participant, 0, n)
	for i := range n {
		p := demoParticipant(rng, sessionID, place)
		p.ID, p.Number, p.Version, p.CreatedAt, p.UpdatedAt = NewID(), i+1, 1, now, now
		if _, err := ins.ExecContext(ctx, p.ID, p.SessionID, p.Number, p.Name, nameKey(p.Name), p.Gender, p.Age,
			p.Category, p.Village, p.Phone, p.Consent, p.GuardianPresent, stamp, stamp); err != nil {
			return nil, fmt.Errorf("add participant: %w", err)
		}
		people = append(people, p)
	}
	return people, markHeld(ctx, tx, sessionID, stamp)
}

var (
	demoMen      = []string{"Lalu Muhammad", "Amaq", "Muhammad", "Ahmad", "Zainul", "Hasan", "Ridwan", "I Made", "I Wayan", "I Ketut", "Saepul", "Junaidi", "Abdul", "Sahnan", "Rusdi"}
	demoWomen    = []string{"Baiq", "Inaq", "Siti", "Nurul", "Hj. Siti", "Ni Made", "Ni Luh", "Ni Kadek", "Sri", "Rohani", "Mariani", "Sumiati", "Herniwati", "Yuliana", "Sahnun"}
	demoNames    = []string{"Aminah", "Hidayati", "Rahman", "Zaini", "Sudirman", "Wahyuni", "Fauzi", "Kartini", "Maulana", "Hamdi", "Ayu Sri", "Suhaimi", "Ma'ruf", "Syafi’i", "Hasanah", "Rosidah", "Apriadi", "Nuraini"}
	demoCategory = []Category{
		CategoryProspectiveMigrant, CategoryProspectiveMigrant, CategoryProspectiveMigrant, CategoryMigrantFamily,
		CategoryMigrantFamily, CategoryReturnedMigrant, CategoryStudent, CategoryStudent, CategoryVillageOfficial,
		CategoryCommunityLeader, CategoryPublic, CategoryPublic,
	}
)

func demoParticipant(rng *rand.Rand, sessionID string, place demoPlace) Participant {
	p := Participant{SessionID: sessionID, Category: demoCategory[rng.IntN(len(demoCategory))]}
	if rng.IntN(2) == 0 {
		p.Gender, p.Name = Male, demoMen[rng.IntN(len(demoMen))]
	} else {
		p.Gender, p.Name = Female, demoWomen[rng.IntN(len(demoWomen))]
	}
	p.Name += " " + demoNames[rng.IntN(len(demoNames))]
	age := 19 + rng.IntN(45)
	switch {
	case p.Category == CategoryStudent:
		age = 15 + rng.IntN(8)
	case rng.IntN(12) == 0:
		age = 60 + rng.IntN(15)
	}
	if rng.IntN(15) > 0 {
		p.Age = &age
	}
	if p.IsChild() {
		present := rng.IntN(3) > 0
		p.GuardianPresent = &present
	}
	p.Village = place.village
	if rng.IntN(4) == 0 {
		p.Village = "Dusun " + []string{"Lendang", "Bagik Nyala", "Karang Baru", "Gubuk Timur", "Montong"}[rng.IntN(5)] + ", " + place.village
	}
	if rng.IntN(4) == 0 {
		p.Consent = true
		p.Phone = fmt.Sprintf("08%d%08d", 12+rng.IntN(8), rng.IntN(100000000))
		if _, ok := NormalizePhone(p.Phone); !ok {
			p.Phone = ""
		}
	}
	return p
}

// demoQuestionBank holds questions villagers ask, with answers that follow
// the bundled pack's verified facts.
var demoQuestionBank = []Question{
	{Text: "Berapa biaya resmi untuk kerja ke Taiwan?", Topic: TopicCosts, Answer: "PMI tidak boleh dibebani biaya penempatan (UU 18/2017 Pasal 30). Rinciannya ditanyakan ke BP3MI NTB."},
	{Text: "Bagaimana cara mengecek perusahaan penempatan itu resmi atau tidak?", Topic: TopicLegalRoute, Answer: "Perusahaan (P3MI) wajib punya SIP3MI; cek di SISKOP2MI, Disnaker, atau BP3MI."},
	{Text: "Anak saya umur 17 tahun diajak kerja ke luar negeri, boleh?", Topic: TopicDocuments, Answer: "Tidak. Usia minimal PMI 18 tahun (UU 18/2017 Pasal 5)."},
	{Text: "Ada lowongan customer service di Kamboja di Facebook, gajinya besar. Aman?", Topic: TopicScams, Answer: "Hati-hati: banyak WNI jadi korban penipuan daring di sana, dan Kamboja tidak punya kerja sama penempatan PMI."},
	{Text: "Ke mana melapor kalau ada calo di desa?", Topic: TopicReporting, Answer: "Polri 110, SAPA 129 (WhatsApp 08111-129-129), atau Bhabinkamtibmas desa."},
	{Text: "Apakah istri perlu izin suami untuk berangkat?", Topic: TopicDocuments, Answer: "Ya. Izin suami/istri/orang tua/wali yang diketahui kepala desa/lurah adalah dokumen wajib (UU 18/2017 Pasal 13)."},
	{Text: "Apa boleh berangkat pakai visa umrah lalu bekerja di sana?", Topic: TopicScams, Answer: "Tidak. Bekerja harus dengan visa kerja; visa umrah atau ziarah untuk bekerja adalah modus nonprosedural."},
	{Text: "Apa gunanya BPJS Ketenagakerjaan untuk PMI?", Topic: TopicOther, Answer: "JKK dan JKM wajib; melindungi antara lain bila kecelakaan kerja atau ditempatkan tidak sesuai perjanjian."},
	{Text: "Kalau sudah punya visa, apakah OPP masih wajib?", Topic: TopicLegalRoute, Answer: "Ya. OPP di BP3MI adalah tahap wajib sebelum berangkat."},
	{Text: "Sponsor bilang prosesnya cukup dua minggu, benar?", Topic: TopicScams, Answer: "Proses cepat tanpa Disnaker/LTSA dan BP3MI adalah tanda bahaya; ikuti alur resmi."},
	{Text: "Paspor saudara saya ditahan majikan, apa yang bisa dilakukan?", Topic: TopicReporting, Status: QuestionFollowUp, Answer: "Dicatat untuk tindak lanjut; hubungi KP2MI 0-800-1000 atau WhatsApp 0811-8080-141."},
}

func demoQuestions(rng *rand.Rand, n int) []Question {
	urgent := Question{Text: "Tetangga saya akan diberangkatkan minggu depan oleh sponsor dengan visa umrah.",
		Topic: TopicReporting, Status: QuestionReferred, ReferredTo: "Unit PPA/PPO", Urgent: true,
		Answer: "Dicatat dan segera diteruskan ke Unit PPA/PPO."}
	confidential := Question{Text: "Saya sudah membayar Rp15 juta ke sponsor dan belum ada kabar.",
		Topic: TopicScams, Status: QuestionFollowUp, Confidential: true,
		Answer: "Dicatat secara rahasia untuk ditindaklanjuti petugas."}
	list := []Question{urgent, confidential}
	for _, i := range rng.Perm(len(demoQuestionBank)) {
		if len(list) >= n {
			break
		}
		list = append(list, demoQuestionBank[i])
	}
	rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	return list
}

func demoRand(seed *uint64) *rand.Rand {
	if seed != nil {
		return rand.New(rand.NewPCG(*seed, 0x7e9a))
	}
	return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
}

// demoQuiz snapshots the quiz and answers it for most people: each person
// has a knowledge level; the post-test adds what the session taught.
func (st *Store) demoQuiz(ctx context.Context, tx *sql.Tx, rng *rand.Rand, sessionID string, people []Participant, quiz []QuizItem) error {
	if len(quiz) == 0 {
		return nil
	}
	if err := st.insertQuizItems(ctx, tx, sessionID, quiz); err != nil {
		return err
	}
	items, err := quizItems(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	now := st.now()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO answer_sheets (id, participant_id, phase, choices,
		layout, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	phaseItems := map[Phase][]QuizItem{PhasePre: PhaseItems(items, PhasePre), PhasePost: PhaseItems(items, PhasePost)}
	layouts := map[string]int64{} // a test's items → its layout
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	for _, p := range people {
		skill := 0.35 + 0.3*rng.Float64()
		for _, phase := range []Phase{PhasePre, PhasePost} {
			if rng.IntN(10) == 0 { // some arrive late or leave early
				continue
			}
			chance := skill
			if phase == PhasePost {
				chance = min(0.97, skill+0.3)
			}
			choices := AnswerChoices{}
			for _, item := range phaseItems[phase] {
				switch r := rng.Float64(); {
				case r < chance:
					choices[item.ID] = item.Answer
				case r < chance+0.03:
					choices[item.ID] = Blank
				default:
					choices[item.ID] = (item.Answer + 1 + rng.IntN(len(item.Options)-1)) % len(item.Options)
				}
			}
			var stored string
			var layout any
			if ids, letters, ok := compactChoices(choices); ok {
				id, found := layouts[ids]
				if !found {
					if id, err = layoutID(ctx, tx, stmts, ids); err != nil {
						return err
					}
					layouts[ids] = id
				}
				stored, layout = letters, id
			} else {
				stored = string(choices.appendJSON(nil))
			}
			if _, err := ins.ExecContext(ctx, answerIDKey(NewID()), answerIDKey(p.ID), answerPhaseKey(string(phase)), stored, layout,
				answerTimeKey(now), answerUpdatedKey(now, now)); err != nil {
				return err
			}
		}
	}
	return nil
}
