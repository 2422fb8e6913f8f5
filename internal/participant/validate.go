package participant

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/tabular"
)

// EmployerKinds are the accepted employer kinds (the import's vocabulary).
func EmployerKinds() []string {
	out := make([]string, len(tabular.EmployerKinds))
	for i, k := range tabular.EmployerKinds {
		out[i] = k.Key
	}
	return out
}

var (
	phoneRe = regexp.MustCompile(`^[0-9+()\-. /]{3,40}$`)
	dateRe  = regexp.MustCompile(`^\d{4}(-\d{2}-\d{2})?$`)
	stateRe = regexp.MustCompile(`^[A-Z]{2}$`)
)

func trimmed(dst *string, src *string) {
	if src != nil {
		*dst = strings.TrimSpace(*src)
	}
}

// apply validates in and copies it onto p; create requires the Latin name. Every problem is
// reported at once, with the JSON field name.
func apply(p *Participant, in Input, create bool, now time.Time) error {
	var v apperr.Validator
	trimmed(&p.NameLatin, in.NameLatin)
	trimmed(&p.NameNative, in.NameNative)
	trimmed(&p.Employer, in.Employer)
	trimmed(&p.Position, in.Position)
	trimmed(&p.Phone, in.Phone)
	trimmed(&p.TalentProgram, in.TalentProgram)
	trimmed(&p.Notes, in.Notes)
	trimmed(&p.BirthDate, in.BirthDate)
	for _, b := range []struct {
		dst *bool
		src *bool
	}{{&p.EmployerPublic, in.EmployerPublic}, {&p.DoDFunded, in.DoDFunded}, {&p.EmployerListed1286, in.EmployerListed1286},
		{&p.EmployerHostsConfuciusInstitute, in.EmployerHostsConfuciusInstitute},
		{&p.DirectedByPRCPrincipal, in.DirectedByPRCPrincipal}, {&p.PaidByPRCPrincipal, in.PaidByPRCPrincipal}} {
		if b.src != nil {
			*b.dst = *b.src
		}
	}
	if in.ResidenceCountry != nil {
		p.ResidenceCountry = tabular.CountryField(&v, "residence_country", *in.ResidenceCountry)
	}
	if in.Nationality != nil {
		codes := []string{}
		for _, n := range *in.Nationality {
			if n = strings.TrimSpace(n); n == "" {
				continue
			}
			code, ok := tabular.Country(n)
			if !ok {
				v.Add("nationality", "country", "%q is not a country; give ISO 3166 codes, e.g. CN or US", n)
				continue
			}
			if !contains(codes, code) {
				codes = append(codes, code)
			}
		}
		p.Nationality = codes
	}
	if in.Languages != nil {
		tags := []string{}
		for _, l := range *in.Languages {
			if l = strings.TrimSpace(l); l == "" {
				continue
			}
			tag, ok := tabular.ParseLanguage(l)
			if !ok {
				v.Add("languages", "language", "%q is not a language; give tags such as en or zh", l)
				continue
			}
			if !contains(tags, tag) {
				tags = append(tags, tag)
			}
		}
		p.Languages = tags
	}
	if in.EmployerKind != nil {
		p.EmployerKind = strings.TrimSpace(*in.EmployerKind)
		if p.EmployerKind != "" {
			key, ok := tabular.ParseEmployerKind(p.EmployerKind)
			v.Check(ok, "employer_kind", "enum", "must be one of %s", strings.Join(EmployerKinds(), ", "))
			p.EmployerKind = key
		}
	}
	if in.EmployerUSState != nil {
		p.EmployerUSState = strings.ToUpper(strings.TrimSpace(*in.EmployerUSState))
	}
	if in.EmployerCountry != nil {
		p.EmployerCountry = tabular.CountryField(&v, "employer_country", *in.EmployerCountry)
	}
	if p.EmployerUSState != "" && p.EmployerCountry == "" && !v.Has("employer_country") {
		p.EmployerCountry = "US" // a US state says where the employer is
	}
	if in.Email != nil {
		p.Email = strings.TrimSpace(*in.Email)
		if p.Email != "" {
			e, ok := tabular.ParseEmail(p.Email)
			v.Check(ok, "email", "format", "give an e-mail address such as li.na@example.cn")
			p.Email = e
		}
	}
	v.Check(p.NameLatin != "" || !create && in.NameLatin == nil, "name_latin", "required", "give the name in Latin script, e.g. ZHANG Wei")
	v.Check(utf8.RuneCountInString(p.NameLatin) <= 200, "name_latin", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(p.NameNative) <= 200, "name_native", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(p.Employer) <= 300, "employer", "length", "at most 300 characters")
	v.Check(utf8.RuneCountInString(p.Position) <= 200, "position", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(p.TalentProgram) <= 200, "talent_program", "length", "at most 200 characters")
	v.Check(utf8.RuneCountInString(p.Notes) <= 5000, "notes", "length", "at most 5000 characters")
	if p.Phone != "" {
		v.Check(phoneRe.MatchString(p.Phone), "phone", "format", "use digits, spaces and + ( ) - . / only")
	}
	if p.EmployerUSState != "" {
		v.Check(stateRe.MatchString(p.EmployerUSState), "employer_us_state", "format", "use the two-letter postal code, e.g. FL")
		if !v.Has("employer_country") {
			v.Check(p.EmployerCountry == "US", "employer_us_state", "us_state_country", "only a US employer has a US state; the employer's country is %s", p.EmployerCountry)
		}
	}
	if p.EmployerListed1286 && !v.Has("employer_country") {
		v.Check(p.EmployerCountry != "US", "employer_listed_1286", "not_foreign", "the Section 1286 list names foreign institutions, not US ones")
	}
	if p.BirthDate != "" {
		ok := dateRe.MatchString(p.BirthDate)
		if ok && len(p.BirthDate) == 10 {
			d, err := time.Parse("2006-01-02", p.BirthDate)
			ok = err == nil && d.Before(now)
		}
		v.Check(ok, "birth_date", "format", "give YYYY-MM-DD or a year, not in the future")
	}
	if p.Nationality == nil {
		p.Nationality = []string{}
	}
	if p.Languages == nil {
		p.Languages = []string{}
	}
	p.NaturalKey = NaturalKey(p)
	return v.Err()
}

// NaturalKey is the de-duplication key of a participant: the e-mail, else the names and
// employer (the same key the import computes).
func NaturalKey(p *Participant) string {
	return tabular.NaturalKey(map[tabular.Column]string{tabular.ColEmail: p.Email, tabular.ColNameLatin: p.NameLatin,
		tabular.ColNameNative: p.NameNative, tabular.ColEmployer: p.Employer})
}
