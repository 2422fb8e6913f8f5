// Package tabular imports participant lists from CSV and XLSX files (header matched in English
// or Chinese, every cell validated, each problem reported with the row and column the user sees
// in their spreadsheet) and exports tables to CSV and XLSX with spreadsheet formulas
// neutralised.
package tabular

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Column is the canonical key of a participant field.
type Column string

// Participant columns. Every import is keyed by these, whatever the file's header says.
const (
	ColNameLatin    Column = "name_latin"        // name in Latin script, e.g. "ZHANG Wei"
	ColNameNative   Column = "name_native"       // name in native script, e.g. "张伟"
	ColNationality  Column = "nationality"       // ISO 3166 alpha-2 codes, ";"-separated
	ColResidence    Column = "residence_country" // ISO 3166 alpha-2 code
	ColEmployer     Column = "employer"          // employing organisation
	ColEmployerKind Column = "employer_kind"     // one of EmployerKinds
	ColPosition     Column = "position"          // job title
	ColEmail        Column = "email"             // e-mail address
	ColLanguages    Column = "languages"         // BCP 47 tags, ";"-separated
	ColPhone        Column = "phone"             // free text, checked for plausible characters
	ColBirthDate    Column = "birth_date"        // YYYY-MM-DD or YYYY
	ColNotes        Column = "notes"             // free text
)

// ColumnSpec describes a column: its labels for export templates and the header texts that
// import recognises (matched case-insensitively, ignoring spaces, punctuation and full-width
// forms).
type ColumnSpec struct {
	Column  Column
	LabelEN string
	LabelZH string
	Aliases []string
}

// Columns lists every participant column in export order.
var Columns = []ColumnSpec{
	{ColNameLatin, "Name (Latin)", "姓名(拉丁)", []string{"name", "full name", "latin name", "english name", "name in latin script", "romanized name", "拉丁姓名", "姓名拼音", "拼音姓名", "拼音", "英文名", "英文姓名"}},
	{ColNameNative, "Name (native)", "姓名(原文)", []string{"native name", "name in native script", "native-script name", "chinese name", "原文姓名", "中文名", "中文姓名", "姓名"}},
	{ColNationality, "Nationality", "国籍", []string{"nationalities", "citizenship", "country of citizenship", "國籍"}},
	{ColResidence, "Country of residence", "居住国", []string{"residence", "residence country", "resident in", "居住国家", "常住国", "常住国家", "居住地", "居住國"}},
	{ColEmployer, "Employer", "工作单位", []string{"organization", "organisation", "affiliation", "institution", "单位", "所属机构", "机构", "工作單位"}},
	{ColEmployerKind, "Employer kind", "单位类型", []string{"employer type", "organization type", "organisation type", "type of employer", "单位性质", "机构类型", "單位類型"}},
	{ColPosition, "Position", "职务", []string{"title", "job title", "职位", "职称", "職務"}},
	{ColEmail, "Email", "电子邮箱", []string{"e-mail", "email address", "e-mail address", "mail", "电子邮件", "邮箱", "电邮", "電子郵箱"}},
	{ColLanguages, "Languages", "语言", []string{"language", "working languages", "工作语言", "語言"}},
	{ColPhone, "Phone", "电话", []string{"telephone", "mobile", "phone number", "手机", "联系电话", "電話"}},
	{ColBirthDate, "Date of birth", "出生日期", []string{"birth date", "birthdate", "dob", "year of birth", "birth year", "出生年份", "生日"}},
	{ColNotes, "Notes", "备注", []string{"note", "comments", "remarks", "備註"}},
}

// headerIndex maps a folded header text to its column.
var headerIndex = func() map[string]Column {
	m := map[string]Column{}
	for _, spec := range Columns {
		for _, s := range append([]string{string(spec.Column), spec.LabelEN, spec.LabelZH}, spec.Aliases...) {
			m[foldHeader(s)] = spec.Column
		}
	}
	return m
}()

// MatchHeader returns the column a header cell names ("Email", "电子邮箱", "E-Mail *",
// "姓名（拉丁）"…), or "" when it names none.
func MatchHeader(text string) Column {
	return headerIndex[foldHeader(text)]
}

// foldHeader normalises header text for matching: NFKC (full-width to ASCII), lower case, and
// without spaces, punctuation or symbols (so "Name (Latin) *" and "name_latin" agree).
func foldHeader(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Spec returns the spec of a column and whether it exists.
func Spec(c Column) (ColumnSpec, bool) {
	for _, s := range Columns {
		if s.Column == c {
			return s, true
		}
	}
	return ColumnSpec{}, false
}

// Header returns export header labels for cols in lang ("zh" for Chinese, anything else for
// English). Import recognises both, so an exported file can be edited and re-imported.
func Header(cols []Column, lang string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		spec, ok := Spec(c)
		switch {
		case !ok:
			out[i] = string(c)
		case strings.HasPrefix(lang, "zh"):
			out[i] = spec.LabelZH
		default:
			out[i] = spec.LabelEN
		}
	}
	return out
}

// AllColumns returns every participant column in export order.
func AllColumns() []Column {
	out := make([]Column, len(Columns))
	for i, s := range Columns {
		out[i] = s.Column
	}
	return out
}
