package names

import (
	"encoding/csv"
	"os"
	"sort"
	"testing"
)

// TestEvaluationSet computes precision and recall of Compare on the labelled
// pairs in testdata/eval.csv (name1,name2,match,case) and fails below 0.95.
func TestEvaluationSet(t *testing.T) {
	f, err := os.Open("testdata/eval.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 301 {
		t.Fatalf("evaluation set has %d pairs, want at least 300", len(recs)-1)
	}
	var tp, fp, fn, tn int
	perCase := map[string][2]int{} // case → {errors, total}
	for _, r := range recs[1:] {
		want := r[2] == "1"
		got := Compare(r[0], r[1])
		c := perCase[r[3]]
		c[1]++
		switch {
		case want && got.Match:
			tp++
		case want && !got.Match:
			fn++
			c[0]++
			t.Logf("missed   [%s] %q ~ %q: %.3f %v", r[3], r[0], r[1], got.Score, got.Explanation)
		case !want && got.Match:
			fp++
			c[0]++
			t.Logf("false hit [%s] %q ~ %q: %.3f %v", r[3], r[0], r[1], got.Score, got.Explanation)
		default:
			tn++
		}
		perCase[r[3]] = c
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	cases := make([]string, 0, len(perCase))
	for c := range perCase {
		cases = append(cases, c)
	}
	sort.Strings(cases)
	for _, c := range cases {
		t.Logf("case %-28s %3d pairs, %d wrong", c, perCase[c][1], perCase[c][0])
	}
	t.Logf("pairs %d (match %d, non-match %d): TP %d FP %d FN %d TN %d", tp+fp+fn+tn, tp+fn, fp+tn, tp, fp, fn, tn)
	t.Logf("precision %.4f recall %.4f", precision, recall)
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("precision %.4f / recall %.4f below 0.95", precision, recall)
	}
}
