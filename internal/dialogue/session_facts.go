package dialogue

import (
	"strings"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/tabular"
)

// applyFundingAndCohosts validates the funding sources and co-hosts of a session input (a list
// given replaces the whole list) and copies them onto se: the facts the Overseas NGO Law and
// state rules read about the session's funders and organizers.
func applyFundingAndCohosts(v *apperr.Validator, se *Session, in SessionInput) {
	if in.Funding != nil {
		se.Funding = nil
		v.Check(len(*in.Funding) <= 50, "funding", "length", "at most 50 funding sources")
		for i, f := range *in.Funding {
			f.FunderName, f.Currency = strings.TrimSpace(f.FunderName), strings.ToUpper(strings.TrimSpace(f.Currency))
			v.Check(f.FunderName != "", fieldAt("funding", i, "funder_name"), "required", "name the funder")
			f.FunderCountry = tabular.CountryField(v, fieldAt("funding", i, "funder_country"), f.FunderCountry)
			v.Check(f.Amount >= 0, fieldAt("funding", i, "amount"), "range", "the amount cannot be negative")
			if f.Currency != "" {
				v.Check(currencyRe.MatchString(f.Currency), fieldAt("funding", i, "currency"), "format", "give an ISO 4217 code such as USD or CNY")
			}
			fu := Funding{Position: i, FunderName: f.FunderName, FunderCountry: f.FunderCountry,
				FunderKind: strings.TrimSpace(f.FunderKind), Amount: f.Amount, Currency: f.Currency,
				RoutedThroughPartnerAccount: f.RoutedThroughPartnerAccount, FunderONGOStatus: strings.TrimSpace(f.FunderONGOStatus),
				FunderONGOOfficeArea: strings.TrimSpace(f.FunderONGOOfficeArea), FunderONGOOfficeScope: strings.TrimSpace(f.FunderONGOOfficeScope)}
			checkEnum(v, fieldAt("funding", i, "funder_kind"), fu.FunderKind, InstitutionKinds)
			checkStanding(v, fieldAt("funding", i, "funder_"), fu.FunderCountry, fu.FunderONGOStatus, fu.FunderONGOOfficeArea)
			se.Funding = append(se.Funding, fu)
		}
	}
	if in.Cohosts != nil {
		se.Cohosts = nil
		v.Check(len(*in.Cohosts) <= 20, "cohosts", "length", "at most 20 co-hosts")
		for i, c := range *in.Cohosts {
			c.Name = strings.TrimSpace(c.Name)
			v.Check(c.Name != "", fieldAt("cohosts", i, "name"), "required", "name the co-host")
			c.Country = tabular.CountryField(v, fieldAt("cohosts", i, "country"), c.Country)
			co := Cohost{Position: i, Name: c.Name, NameZH: strings.TrimSpace(c.NameZH), Country: c.Country,
				Kind: strings.TrimSpace(c.Kind), Field: strings.TrimSpace(c.Field), IsPublic: c.IsPublic,
				USState: strings.ToUpper(strings.TrimSpace(c.USState)), ONGOStatus: strings.TrimSpace(c.ONGOStatus),
				ONGOOfficeArea: strings.TrimSpace(c.ONGOOfficeArea), ONGOOfficeScope: strings.TrimSpace(c.ONGOOfficeScope)}
			checkEnum(v, fieldAt("cohosts", i, "kind"), co.Kind, InstitutionKinds)
			checkEnum(v, fieldAt("cohosts", i, "field"), co.Field, org.Fields)
			if co.USState != "" {
				v.Check(co.Country == "US" && len(co.USState) == 2, fieldAt("cohosts", i, "us_state"), "format",
					"a US state is the two-letter postal code of a US co-host, e.g. FL")
			}
			checkStanding(v, fieldAt("cohosts", i, ""), co.Country, co.ONGOStatus, co.ONGOOfficeArea)
			se.Cohosts = append(se.Cohosts, co)
		}
	}
}

// checkEnum reports a value that is set but not one of list.
func checkEnum(v *apperr.Validator, field, value string, list []string) {
	if value != "" {
		v.Check(contains(list, value), field, "enum", "must be one of %s", strings.Join(list, ", "))
	}
}

// checkStanding validates an institution's Overseas NGO Law standing (fields prefix+"ongo_status"
// and prefix+"ongo_office_area"): one of org.ONGOStatuses, a registered office with its area, and
// no overseas standing for a mainland institution.
func checkStanding(v *apperr.Validator, prefix, country, status, area string) {
	checkEnum(v, prefix+"ongo_status", status, org.ONGOStatuses)
	if country == "CN" && (status == "registered_office" || status == "temporary_filings") {
		v.Add(prefix+"ongo_status", "not_applicable", "a mainland institution is not an overseas NGO")
	}
	if status == "registered_office" {
		v.Check(area != "", prefix+"ongo_office_area", "required", "give the provinces the registered office covers (or nationwide)")
	}
}
