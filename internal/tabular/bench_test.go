package tabular

import (
	"bytes"
	"fmt"
	"testing"
)

// participantsCSV builds n realistic data rows with every column filled.
func participantsCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFFName (Latin),Name (native),Nationality,Country of residence,Employer,Employer kind,Position,Email,Languages,Phone,Date of birth,Notes\r\n")
	kinds := []string{"public_university", "研究机构", "NGO", "Government", "company"}
	countries := []string{"CN", "United States", "中国", "Hong Kong", "GB"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "ZHANG Wei %d,张伟%d,%s,%s,\"University %d, School of International Studies\",%s,Professor,zhang.wei%d@example.edu.cn,\"中文, English\",+86 10 6275 %04d,19%02d-0%d-1%d,\"Met at round %d; prefers \"\"Chatham House\"\" rule\"\r\n",
			i, i, countries[i%5], countries[(i+1)%5], i%300, kinds[i%5], i, i%10000, 40+i%50, 1+i%9, i%10, i%12)
	}
	return b.Bytes()
}

func BenchmarkReadCSV10k(b *testing.B) {
	data := participantsCSV(10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ReadCSV(bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Rows) != 10_000 || len(res.Problems) != 0 {
			b.Fatalf("rows %d problems %v", len(res.Rows), res.Problems[:min(3, len(res.Problems))])
		}
	}
}

// records10k is the 10,000 participant rows of participantsCSV as export records.
func records10k(b *testing.B) (cols []Column, recs [][]string) {
	b.Helper()
	res, err := ReadCSV(bytes.NewReader(participantsCSV(10_000)), Options{})
	if err != nil {
		b.Fatal(err)
	}
	rows := make([]map[Column]string, len(res.Rows))
	for i, r := range res.Rows {
		rows[i] = r.Values
	}
	cols = AllColumns()
	return cols, Records(cols, rows)
}

func BenchmarkWriteXLSX10k(b *testing.B) {
	cols, recs := records10k(b)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, "", Header(cols, "en"), recs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadXLSX10k imports the workbook WriteXLSX makes of the same 10,000 rows.
func BenchmarkReadXLSX10k(b *testing.B) {
	cols, recs := records10k(b)
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "", Header(cols, "en"), recs); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ReadXLSX(bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Rows) != 10_000 || len(res.Problems) != 0 {
			b.Fatalf("rows %d problems %v", len(res.Rows), res.Problems[:min(3, len(res.Problems))])
		}
	}
}

func TestParticipantsCSVFixtureIsClean(t *testing.T) {
	res, err := ReadCSV(bytes.NewReader(participantsCSV(50)), Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 50 || len(res.Problems) != 0 {
		t.Fatalf("rows %d problems %v", len(res.Rows), res.Problems[:min(3, len(res.Problems))])
	}
}
