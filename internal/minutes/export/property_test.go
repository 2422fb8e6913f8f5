package export

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// The Chatham House property: for random documents, no chatham export in any format (text
// extracted as a reader would) contains the latin or native name, organization or e-mail of
// a speaker who spoke only under the Chatham House Rule or off the record, nor any
// off-the-record text. Speaker ids are e-mail addresses here, so a leaked id is caught too.

var (
	vocabEN  = strings.Fields("we the both sides should must consider agree dialogue security cyber maritime norms restraint exchange channels crisis hotline data trust transparency research university meeting next round proposal review")
	vocabZH  = []rune("我们双方应当考虑同意对话安全网络海上规范克制交流渠道危机热线数据信任透明研究大学会议下一轮建议审议，。")
	nameZH   = []rune("璇玥琨瑾珩瑜璋琦翊煜珏琰璟瑄琪瑛琼璐瑶琳珊瑗璨")
	offZH    = []rune("鑫淼焱垚犇骉麤")
	syllable = strings.Fields("qa qe qi qo qu xa xe xi xo zu zy vy ky")
)

type genSpeaker struct {
	id     string
	info   minutes.Speaker
	secret bool // speaks only chatham / off the record
}

func genWord(r *rand.Rand, prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < 2+r.IntN(2); i++ {
		b.WriteString(syllable[r.IntN(len(syllable))])
	}
	return b.String()
}

func genRunes(r *rand.Rand, set []rune, n int) string {
	out := make([]rune, n)
	for i := range out {
		out[i] = set[r.IntN(len(set))]
	}
	return string(out)
}

func genSentence(r *rand.Rand) (string, string) {
	n := 3 + r.IntN(25)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = vocabEN[r.IntN(len(vocabEN))]
	}
	return strings.Join(ws, " ") + ".", genRunes(r, vocabZH, 4+r.IntN(80))
}

// uniqueName draws names until one neither contains nor is contained in a name drawn
// before, so that one speaker's name can never show up inside another's.
func uniqueName(seen *[]string, draw func() string) string {
	for {
		n := draw()
		ok := true
		for _, s := range *seen {
			if strings.Contains(s, n) || strings.Contains(n, s) {
				ok = false
				break
			}
		}
		if ok {
			*seen = append(*seen, n)
			return n
		}
	}
}

func genDocument(r *rand.Rand) (*minutes.Document, minutes.SpeakerInfo, []string) {
	var speakers []genSpeaker
	var seen []string
	info := minutes.SpeakerInfo{}
	for i := 0; i < 2+r.IntN(6); i++ {
		org := uniqueName(&seen, func() string {
			if r.IntN(2) == 0 {
				return genRunes(r, nameZH, 4) + "研究院"
			}
			return genWord(r, "Zorg") + " Institute"
		})
		side := minutes.SideUS
		if r.IntN(2) == 0 {
			side = minutes.SideCN
		}
		s := genSpeaker{
			id: fmt.Sprintf("%s.%d@%s.example", genWord(r, "zmail"), i, genWord(r, "zdom")),
			info: minutes.Speaker{
				NameLatin:  uniqueName(&seen, func() string { return genWord(r, "Zq") + " " + genWord(r, "Zx") }),
				NameNative: uniqueName(&seen, func() string { return genRunes(r, nameZH, 2+r.IntN(2)) }),
				Org:        org, Side: side,
			},
			secret: r.IntN(3) > 0,
		}
		speakers = append(speakers, s)
		info[s.id] = s.info
	}
	d := minutes.New(minutes.LangEN)
	var forbidden []string
	for _, s := range speakers {
		if s.secret {
			forbidden = append(forbidden, s.id, s.info.NameLatin, s.info.NameNative, s.info.Org)
		}
	}
	stmt := 0
	for i := 0; i < 1+r.IntN(6); i++ {
		en, zh := genSentence(r)
		it := minutes.Item{ID: fmt.Sprint("item-", i), TitleEN: en, TitleZH: zh, TranslationStatus: minutes.TranslationDraft}
		if r.IntN(2) == 0 {
			it.NotesEN, it.NotesZH = genSentence(r)
		}
		if r.IntN(2) == 0 {
			en, zh := genSentence(r)
			it.KeyPoints = append(it.KeyPoints, minutes.Text{TextEN: en, TextZH: zh})
		}
		for j := 0; j < r.IntN(9); j++ {
			s := speakers[r.IntN(len(speakers))]
			st := minutes.Statement{ID: fmt.Sprint("st-", stmt), SpeakerID: s.id, Attribution: minutes.AttributionAttributed}
			stmt++
			st.TextEN, st.TextZH = genSentence(r)
			if r.IntN(4) == 0 {
				st.TextZH = "" // untranslated: single-language exports fall back to the other text
			}
			if s.secret {
				st.Attribution = minutes.AttributionChatham
				if r.IntN(3) == 0 {
					st.Attribution = minutes.AttributionOffRecord
					st.TextEN = fmt.Sprintf("offrec%dtoken %s", stmt, st.TextEN)
					st.TextZH = genRunes(r, offZH, 6)
					forbidden = append(forbidden, fmt.Sprintf("offrec%dtoken", stmt), st.TextZH)
				}
			}
			it.Statements = append(it.Statements, st)
		}
		d.Items = append(d.Items, it)
	}
	return d, info, forbidden
}

func TestChathamExportsNeverRevealProtectedSpeakersOrOffRecordText(t *testing.T) {
	cases := 8
	if testing.Short() {
		cases = 3
	}
	if n, err := strconv.Atoi(os.Getenv("TRACKTWO_PROPERTY_CASES")); err == nil && n > 0 {
		cases = n
	}
	_, pdfErr := exec.LookPath("pdftotext")
	for c := 0; c < cases; c++ {
		r := rand.New(rand.NewPCG(20270101, uint64(c)))
		d, info, forbidden := genDocument(r)
		if err := d.Validate(); err != nil {
			t.Fatalf("case %d: generator made an invalid document: %v", c, err)
		}
		if pdfErr != nil {
			needTool(t, "pdftotext", "poppler-utils") // skips, or fails under TRACKTWO_CI
		}
		v := minutes.Redact(d, minutes.LevelChatham, info)
		if where, secret := findLeak(t, v, forbidden); secret != "" {
			t.Fatalf("case %d: %s chatham export reveals %q", c, where, secret)
		}
	}
}

// findLeak exports v in every format and language and returns the first forbidden string
// found in the extracted text.
func findLeak(t *testing.T, v minutes.View, forbidden []string) (where, secret string) {
	for _, f := range Formats {
		for _, lang := range []Lang{LangEN, LangZH, LangBoth} {
			text := textOf(t, f, render(t, f, v, Options{Lang: lang}))
			flat := squash(text)
			for _, s := range forbidden {
				if strings.Contains(text, s) || strings.Contains(flat, squash(s)) {
					return string(f) + "/" + string(lang), s
				}
			}
		}
	}
	return "", ""
}

func TestLeakCheckFindsSpeakersInAFullExport(t *testing.T) {
	needTool(t, "pdftotext", "poppler-utils")
	r := rand.New(rand.NewPCG(3, 3))
	for i := 0; i < 50; i++ {
		d, info, forbidden := genDocument(r)
		full := minutes.Redact(d, minutes.LevelFull, info)
		chatham := 0
		for _, it := range full.Items {
			for _, s := range it.Statements {
				if s.Attribution == minutes.AttributionChatham {
					chatham++
				}
			}
		}
		if chatham == 0 {
			continue
		}
		if _, secret := findLeak(t, full, forbidden); secret == "" {
			t.Fatal("the leak check does not notice named chatham speakers in a full export")
		}
		return
	}
	t.Fatal("generator never produced a chatham statement")
}
