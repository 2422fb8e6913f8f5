package store

import (
	"errors"
	"strings"
	"testing"
	"time"
)

type jsonRowsCase struct {
	S    string
	N    int
	B    bool
	T    time.Time
	NS   *string
	NT   *time.Time
	Rest string
}

func readCases(raw string) ([]jsonRowsCase, error) {
	var out []jsonRowsCase
	r := &jsonRow{s: raw}
	err := readJSONRowsFrom(r, func(r *jsonRow) {
		out = append(out, jsonRowsCase{S: r.str(), N: r.integer(), B: r.boolean(), T: r.timestamp(), NS: r.nullStr(),
			NT: r.nullTimestamp(), Rest: r.str()})
	})
	return out, err
}

func TestJSONRowsReadsBothDatabasesForms(t *testing.T) {
	want := time.Date(2030, 3, 12, 14, 0, 0, 123456000, time.UTC)
	tests := []struct {
		name string
		raw  string
		rows int
		chk  func(t *testing.T, rows []jsonRowsCase)
	}{
		{"empty-page", `[]`, 0, nil},
		{"sqlite-forms", `[["a",1,1,"2030-03-12 14:00:00.123456+00:00",null,null,"z"]]`, 1, func(t *testing.T, rows []jsonRowsCase) {
			r := rows[0]
			if r.S != "a" || r.N != 1 || !r.B || !r.T.Equal(want) || r.NS != nil || r.NT != nil || r.Rest != "z" {
				t.Fatalf("%+v", r)
			}
			if r.T.Location() != time.UTC {
				t.Fatalf("time not in UTC: %v", r.T)
			}
		}},
		{"postgres-forms", `[["b", -7, false, "2030-03-12T14:00:00.123456", "x", "2030-03-12T14:00:00.123456", ""]]`, 1,
			func(t *testing.T, rows []jsonRowsCase) {
				r := rows[0]
				if r.S != "b" || r.N != -7 || r.B || !r.T.Equal(want) || r.NS == nil || *r.NS != "x" || r.NT == nil || !r.NT.Equal(want) {
					t.Fatalf("%+v", r)
				}
			}},
		{"offset-and-zulu-times-are-utc", `[["",0,0,"2030-03-12 22:00:00.123456+08:00",null,"2030-03-12T14:00:00.123456Z",""]]`, 1,
			func(t *testing.T, rows []jsonRowsCase) {
				if !rows[0].T.Equal(want) || !rows[0].NT.Equal(want) || rows[0].T.Location() != time.UTC {
					t.Fatalf("%+v", rows[0])
				}
			}},
		{"escapes-and-scripts-survive", `[["say \"hi\"\\ \n\t\u00e9 \ud83d\ude00 张伟",0,0,"2030-03-12",null,null,"a,b]c["]]`, 1,
			func(t *testing.T, rows []jsonRowsCase) {
				if rows[0].S != "say \"hi\"\\ \n\té 😀 张伟" || rows[0].Rest != "a,b]c[" {
					t.Fatalf("%q %q", rows[0].S, rows[0].Rest)
				}
			}},
		{"several-rows-in-order", `[["1",1,1,"2030-03-12",null,null,""], ["2",2,0,"2030-03-12",null,null,""],["3",3,1,"2030-03-12",null,null,""]]`, 3,
			func(t *testing.T, rows []jsonRowsCase) {
				for i, r := range rows {
					if r.N != i+1 {
						t.Fatalf("row %d: %+v", i, r)
					}
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := readCases(tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tc.rows {
				t.Fatalf("%d rows, want %d", len(rows), tc.rows)
			}
			if tc.chk != nil {
				tc.chk(t, rows)
			}
		})
	}
}

func TestJSONRowsRejectsMalformedText(t *testing.T) {
	for name, raw := range map[string]string{
		"rejects-unterminated-string": `[["abc,1,1,"2030-03-12",null,null,""]]`,
		"rejects-text-for-integer":    `[["a","1",1,"2030-03-12",null,null,""]]`,
		"rejects-bad-boolean":         `[["a",1,2,"2030-03-12",null,null,""]]`,
		"rejects-bad-timestamp":       `[["a",1,1,"12/03/2030",null,null,""]]`,
		"rejects-missing-column":      `[["a",1,1,"2030-03-12",null,null]]`,
		"rejects-extra-column":        `[["a",1,1,"2030-03-12",null,null,"",""]]`,
		"rejects-trailing-text":       `[["a",1,1,"2030-03-12",null,null,""]] x`,
		"rejects-not-an-array":        `{"a":1}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := readCases(raw); !errors.Is(err, errJSONRows) {
				t.Fatalf("err = %v, want errJSONRows", err)
			}
		})
	}
}

func FuzzJSONRows(f *testing.F) {
	f.Add(`[["a",1,1,"2030-03-12 14:00:00+00:00",null,null,"z"]]`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, raw string) {
		_, _ = readCases(raw) // must not panic or loop
	})
}

func TestParseTimestampAgreesWithTimeParse(t *testing.T) {
	for _, s := range []string{
		"2030-03-12 14:00:00", "2030-03-12 14:00:00.5", "2030-03-12T14:00:00.123456789", "2030-03-12 14:00:00.1234567891",
		"2030-03-12 14:00:00+00:00", "2030-03-12 22:30:00.25+08:30", "2030-03-12 02:00:00-05:00", "2030-03-12T14:00:00Z",
		"2030-02-31 14:00:00", "2030-13-01 00:00:00", "2030-03-12 24:00:00", "2030-03-12 14:00", "2030-03-12",
		"2030-03-12 14:00:00.", "2030-03-12 14:00:00+0800", "garbage", "",
	} {
		var want *time.Time
		for _, layout := range timestampLayouts {
			if tt, err := time.ParseInLocation(layout, strings.TrimSuffix(s, "Z"), time.UTC); err == nil {
				u := tt.UTC()
				want = &u
				break
			}
		}
		got, ok := parseTimestamp(s)
		if ok && (want == nil || !got.Equal(*want) || got.Location() != time.UTC) {
			t.Errorf("%q: fast parse %v, layouts %v", s, got, want)
		}
		r := &jsonRow{s: `"` + s + `"`, first: true}
		full := r.nullTimestamp()
		if (full == nil) != (want == nil) || (full != nil && !full.Equal(*want)) {
			t.Errorf("%q: reader %v, layouts %v", s, full, want)
		}
	}
}
