package report_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// The golden session: fixed ids and content, so its report is the same
// on every run.
const (
	goldenSessionID  = "0190f5d2-0000-7000-8000-000000000001"
	confidentialText = "Saya sudah membayar Rp15 juta ke sponsor Pak Amir dan belum ada kabar."
	urgentAsker      = "Lalu Muhammad Zaini"
)

// goldenPeople are names the app accepts and the report must print: with
// apostrophes, in Balinese and Chinese script (printed with fallback
// fonts), with emoji (left out of print).
var goldenPeople = []struct {
	name, gender string
	age          int // 0: not asked
	category     store.Category
	village      string
	phone        string
}{
	{"Ni Made Ayu Sri Wahyuni", "P", 34, store.CategoryProspectiveMigrant, "Desa Sakra", "+6281234567890"},
	{"Ma'ruf", "L", 41, store.CategoryMigrantFamily, "Dusun Lendang, Desa Sakra", ""},
	{"Ahmad Syafi’i", "L", 17, store.CategoryStudent, "Desa Sakra", ""},
	{urgentAsker, "L", 52, store.CategoryCommunityLeader, "Dusun Bagik Nyala, Desa Sakra", "+6287765432109"},
	{"Baiq Nurul Hidayati binti Lalu Abdurrahman Wahid Sastrawijaya Kusumanegara", "P", 0, store.CategoryReturnedMigrant, "Desa Sakra", ""},
	{"I Wayan ᬲᬸᬤᬃᬫ", "L", 63, store.CategoryPublic, "Desa Sakra", ""},
	{"王小明", "L", 29, store.CategoryPublic, "Desa Sakra", ""},
	{"Inaq Sumiati 🙏🏽", "P", 45, store.CategoryVillageOfficial, "Desa Sakra 🏡", ""},
}

// goldenData builds the golden session in memory.
func goldenData(t testing.TB, status store.Status, photos int) *report.SessionData {
	t.Helper()
	sess := store.Session{ID: goldenSessionID, PackID: "tppo-ntb", PackVersion: "1.0.0",
		Title: "Sosialisasi Pencegahan TPPO dan Migrasi Aman", Date: "2026-02-12", StartTime: "09:00",
		Village: "Desa Sakra", District: "Sakra", Regency: "Lombok Timur", Province: "Nusa Tenggara Barat",
		Venue: "Aula Kantor Desa Sakra", Partners: "BP3MI NTB; Disnakertrans Kabupaten Lombok Timur",
		Officers: []store.Officer{{Name: "Iptu Ni Made Ayu Sri Wahyuni", NRP: "86070145", Unit: "Ditres PPA-PPO Polda NTB"},
			{Name: "Aipda Ahmad Syafi’i", NRP: "84020317", Unit: "Bhabinkamtibmas"}},
		Status: status, Version: 5}
	settings := store.Settings{OfficerName: "Iptu Ni Made Ayu Sri Wahyuni", OfficerNRP: "86070145",
		Letterhead: []string{"KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH NUSA TENGGARA BARAT",
			"DIREKTORAT RESERSE PPA DAN PPO"}}
	var quiz store.QuizData
	for i, p := range goldenPeople {
		part := store.Participant{ID: id(100 + i), SessionID: goldenSessionID, Number: i + 1, Name: p.name,
			Gender: p.gender, Category: p.category, Village: p.village, Phone: p.phone, Consent: p.phone != ""}
		if p.age > 0 {
			age := p.age
			part.Age = &age
		}
		quiz.Participants = append(quiz.Participants, part)
	}
	tf := []string{"Benar", "Salah"}
	quiz.Items = []store.QuizItem{
		{ID: id(200), Position: 1, QuestionID: "q01", Phase: store.PhaseBoth, Text: "Perdagangan orang hanya terjadi kalau korban dipaksa dengan kekerasan.", Options: tf, Letters: []string{"B", "S"}, Answer: 1},
		{ID: id(201), Position: 2, QuestionID: "q02", Phase: store.PhaseBoth, Text: "Berapa umur paling rendah untuk bekerja ke luar negeri sebagai PMI?", Options: []string{"15 tahun", "17 tahun", "18 tahun", "21 tahun"}, Letters: []string{"A", "B", "C", "D"}, Answer: 2},
		{ID: id(202), Position: 3, QuestionID: "q03", Phase: store.PhasePre, Text: "Visa apa yang sah untuk bekerja di luar negeri?", Options: []string{"Visa umrah", "Visa kerja", "Visa turis"}, Letters: []string{"A", "B", "C"}, Answer: 1},
		{ID: id(203), Position: 4, QuestionID: "q04", Phase: store.PhasePost, Text: "Ke mana melapor kalau ada calo di desa?", Options: []string{"Polri 110", "Tidak perlu melapor"}, Letters: []string{"A", "B"}, Answer: 0},
	}
	pre := [][]int{{1, 2, 0}, {0, 2, 1}, {1, 0, 1}, {0, 1, 0}, {1, 2, 1}, {0, 3, store.Blank}}
	post := [][]int{{1, 2, 0}, {1, 2, 0}, {1, 2, 0}, {0, 2, 0}, {1, 2, 1}, {1, 3, 0}, {1, 2, 0}}
	for _, ph := range []struct {
		phase   store.Phase
		answers [][]int
	}{{store.PhasePre, pre}, {store.PhasePost, post}} {
		phase, answers := ph.phase, ph.answers
		items := store.PhaseItems(quiz.Items, phase)
		for i, choices := range answers {
			sheet := store.AnswerSheet{SessionID: goldenSessionID, ParticipantID: id(100 + i), Phase: phase, Choices: map[string]int{}}
			for k, c := range choices {
				sheet.Choices[items[k].ID] = c
			}
			quiz.Sheets = append(quiz.Sheets, sheet)
		}
	}
	questions := []store.Question{
		{ID: id(300), Number: 1, Text: "Berapa biaya resmi untuk kerja ke Taiwan?", AskedBy: id(101), Topic: store.TopicCosts,
			Answer: "PMI tidak boleh dibebani biaya penempatan (UU 18/2017 Pasal 30).", Status: store.QuestionAnswered},
		{ID: id(301), Number: 2, Text: "Tetangga saya akan diberangkatkan minggu depan oleh sponsor dengan visa umrah.",
			AskedBy: id(103), Topic: store.TopicReporting, Status: store.QuestionReferred, ReferredTo: "Unit PPA/PPO", Urgent: true,
			Answer: "Dicatat dan segera diteruskan ke Unit PPA/PPO."},
		{ID: id(302), Number: 3, Text: confidentialText, AskedBy: id(104), Topic: store.TopicScams, Status: store.QuestionFollowUp,
			Confidential: true, Answer: "Dicatat secara rahasia."},
		{ID: id(303), Number: 4, Text: "Paspor saudara saya ditahan majikan 😢, apa yang bisa dilakukan?", Topic: store.TopicReporting,
			Status: store.QuestionReferred, ReferredTo: "BP3MI NTB", ClosedOn: "2026-02-20", ClosedNote: "Paspor sudah dikembalikan."},
	}
	var list []store.Photo
	for i := 0; i < photos; i++ {
		img := testJPEG(t, 160+40*i, 120)
		list = append(list, store.Photo{ID: id(400 + i), SessionID: goldenSessionID, Position: i + 1, Image: img,
			Caption: []string{"Pembukaan oleh Kepala Desa Sakra", "Peserta mengisi pre-test", "Tanya jawab 🙋"}[i%3]})
	}
	return report.NewSessionData(sess, settings, quiz, questions, list, "")
}

// id is a fixed, valid lowercase UUID.
func id(n int) string { return "0190f5d2-0000-7000-8000-" + fmt12(n) }

func fmt12(n int) string {
	s := "000000000000"
	d := []byte(s)
	for i := len(d) - 1; n > 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return string(d)
}

// testJPEG is a small striped picture.
func testJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(60 + x%100), uint8(120 + y%80), 140, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
