package participant

import (
	"context"
	"io"
	"strings"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tabular"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// ExportFormats are the formats Export writes.
var ExportFormats = []string{"csv", "xlsx"}

// exportColumns leaves out the sensitive fields (birth date, phone, notes) by default (P2).
var exportColumns = []tabular.Column{tabular.ColNameLatin, tabular.ColNameNative, tabular.ColNationality,
	tabular.ColResidence, tabular.ColEmployer, tabular.ColEmployerKind, tabular.ColPosition, tabular.ColEmail,
	tabular.ColLanguages}

// Export writes the caller's registry as CSV or XLSX with every cell neutralised (E1), headers in
// lang ("en" or "zh"). Sensitive fields are left out. The export is audited (L1).
func (s *Service) Export(ctx context.Context, sc tenant.Scope, format, lang string, w io.Writer) error {
	if !contains(ExportFormats, format) {
		return apperr.Invalid("format", "enum", "must be csv or xlsx")
	}
	var rows [][]string
	err := s.store.AllParticipants(ctx, sc, func(p *Participant) error {
		rows = append(rows, tabular.Records(exportColumns, []map[tabular.Column]string{{
			tabular.ColNameLatin: p.NameLatin, tabular.ColNameNative: p.NameNative, tabular.ColNationality: strings.Join(p.Nationality, ";"),
			tabular.ColResidence: p.ResidenceCountry, tabular.ColEmployer: p.Employer, tabular.ColEmployerKind: p.EmployerKind,
			tabular.ColPosition: p.Position, tabular.ColEmail: p.Email, tabular.ColLanguages: strings.Join(p.Languages, ";")}})[0])
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.audit.Append(ctx, audit.Entry{Action: "participant.export", TargetType: "organization", TargetID: sc.OrgID,
		Details: map[string]any{"format": format, "rows": len(rows)}}); err != nil {
		return err
	}
	header := tabular.Header(exportColumns, lang)
	if format == "xlsx" {
		return tabular.WriteXLSX(w, "Participants", header, rows)
	}
	return tabular.WriteCSV(w, header, rows)
}

// TemplateLanguages are the languages the import template's header can be in.
var TemplateLanguages = []string{"en", "zh"}

// ImportTemplate writes an empty participant list to fill in and import: the header row of every
// column an import reads, labelled in lang ("en" or "zh"), as CSV or XLSX.
func ImportTemplate(w io.Writer, format, lang string) error {
	var v apperr.Validator
	v.Check(contains(ExportFormats, format), "format", "enum", "must be csv or xlsx")
	v.Check(contains(TemplateLanguages, lang), "lang", "enum", "must be en or zh")
	if err := v.Err(); err != nil {
		return err
	}
	header := tabular.Header(tabular.AllColumns(), lang)
	if format == "xlsx" {
		sheet := "Participants"
		if lang == "zh" {
			sheet = "参会人员"
		}
		return tabular.WriteXLSX(w, sheet, header, nil)
	}
	return tabular.WriteCSV(w, header, nil)
}
