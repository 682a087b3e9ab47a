package store

import (
	"context"
	"math/rand/v2"
	"time"
)

// DemoTitlePrefix marks sample data so nobody mistakes it for a real session.
const DemoTitlePrefix = "DEMO — "

// DemoOptions shape the sample session.
type DemoOptions struct {
	// Seed fixes names, places and answers (never ids); nil picks at random.
	Seed *uint64
	// Participants is how many attendees to add (later features fill them).
	Participants int
	// PackID and PackVersion name the content pack the session uses.
	PackID, PackVersion string
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
	return st.CreateSession(ctx, sess)
}

func demoRand(seed *uint64) *rand.Rand {
	if seed != nil {
		return rand.New(rand.NewPCG(*seed, 0x7e9a))
	}
	return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
}
