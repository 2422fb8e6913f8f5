package participant

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tracktwo/tracktwo/internal/apperr"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/tabular"
	"github.com/tracktwo/tracktwo/internal/tenant"
)

// MaxImportBytes bounds an import file.
const MaxImportBytes = 10 << 20

// ImportProblem is one finding of an import, addressed as the user sees the spreadsheet.
type ImportProblem struct {
	Row      int    `json:"row"`
	Column   string `json:"column"`
	Cell     string `json:"cell"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// ImportReport is what an import found and (unless a dry run) did.
type ImportReport struct {
	Format   string          `json:"format"`
	Encoding string          `json:"encoding,omitempty"`
	Rows     int             `json:"rows"`
	Valid    int             `json:"valid"`
	Created  int             `json:"created"`
	Existing int             `json:"existing"`
	Skipped  int             `json:"skipped"`
	DryRun   bool            `json:"dry_run"`
	Saved    bool            `json:"saved"`
	Problems []ImportProblem `json:"problems"`
}

// HasErrors reports whether any problem is an error (the import then saves nothing).
func (r *ImportReport) HasErrors() bool {
	for _, p := range r.Problems {
		if p.Severity == string(tabular.SeverityError) {
			return true
		}
	}
	return false
}

// Err returns the report's errors as a validation error (one field error per problem, named by
// its cell), or nil.
func (r *ImportReport) Err() error {
	var v apperr.Validator
	for _, p := range r.Problems {
		if p.Severity != string(tabular.SeverityError) {
			continue
		}
		field := p.Cell
		if field == "" {
			field = fmt.Sprintf("row %d", p.Row)
		}
		v.Add(field, p.Code, "%s", p.Message)
	}
	return v.Err()
}

// Import reads a CSV or XLSX participant list into the caller's registry. Every row is
// validated first; when any row has an error, nothing is saved (the report says what to fix).
// A dry run only reports. Rows whose natural key (e-mail, else names and employer) is already in
// the registry, or earlier in the file, are not added again, so re-importing a file creates no
// duplicates (R3).
func (s *Service) Import(ctx context.Context, sc tenant.Scope, r io.Reader, dryRun bool) (*ImportReport, error) {
	if err := canEdit(sc); err != nil {
		return nil, err
	}
	res, err := tabular.Read(r, tabular.Options{MaxBytes: MaxImportBytes, Now: s.now})
	if err != nil {
		var fe *tabular.FileError
		if errors.As(err, &fe) && errors.Is(err, tabular.ErrTooLarge) {
			return nil, fmt.Errorf("%w: %s", apperr.ErrTooLarge, fe.Error())
		}
		return nil, apperr.Invalid("file", "file", "%s", err.Error())
	}
	rep := &ImportReport{Format: res.Format, Encoding: res.Encoding, Rows: len(res.Rows), DryRun: dryRun, Problems: []ImportProblem{}}
	for _, p := range res.Problems {
		rep.Problems = append(rep.Problems, ImportProblem{Row: p.Row, Column: p.Column, Cell: p.Cell,
			Severity: string(p.Severity), Code: p.Code, Message: p.Message})
	}
	now := s.now()
	type parsed struct {
		p    *Participant
		line int
	}
	var valid []parsed
	var keys []string
	for _, row := range res.Rows {
		if !row.Valid {
			continue
		}
		p := &Participant{}
		if err := apply(p, inputOf(row.Values), true, now); err != nil {
			for _, f := range apperr.Fields(err) {
				rep.Problems = append(rep.Problems, ImportProblem{Row: row.Line, Column: f.Field, Severity: string(tabular.SeverityError),
					Code: f.Code, Message: f.Message})
			}
			continue
		}
		valid = append(valid, parsed{p, row.Line})
		keys = append(keys, p.NaturalKey)
	}
	existing, err := s.store.ParticipantKeys(ctx, sc, keys)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var create []*Participant
	for _, v := range valid {
		p, line := v.p, v.line
		rep.Valid++
		if _, ok := existing[p.NaturalKey]; ok {
			rep.Existing++
			continue
		}
		if first, ok := seen[p.NaturalKey]; ok {
			rep.Skipped++
			rep.Problems = append(rep.Problems, ImportProblem{Row: line, Severity: string(tabular.SeverityWarning),
				Code: "duplicate_row", Message: fmt.Sprintf("same person as row %d; this row is skipped", first)})
			continue
		}
		seen[p.NaturalKey] = line
		p.ID, p.OrgID, p.CreatedAt, p.UpdatedAt = s.newID(), sc.OrgID, now, now
		create = append(create, p)
	}
	if dryRun || rep.HasErrors() {
		return rep, nil
	}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		// Re-read the keys inside the write transaction: a concurrent import of the same file
		// must not add anyone twice.
		fresh := make([]string, len(create))
		for i, p := range create {
			fresh[i] = p.NaturalKey
		}
		keys, err := s.store.ParticipantKeys(ctx, sc, fresh)
		if err != nil {
			return err
		}
		create = slices.DeleteFunc(create, func(p *Participant) bool {
			_, ok := keys[p.NaturalKey]
			if ok {
				rep.Existing++
			}
			return ok
		})
		if err := s.store.SaveImported(ctx, sc, create, nil); err != nil {
			return err
		}
		return s.audit.Append(ctx, audit.Entry{Action: "participant.import", TargetType: "organization", TargetID: sc.OrgID,
			Details: map[string]any{"format": rep.Format, "rows": rep.Rows, "created": len(create), "existing": rep.Existing}})
	})
	if err != nil {
		return nil, err
	}
	rep.Created, rep.Saved = len(create), true
	return rep, nil
}

func inputOf(vals map[tabular.Column]string) Input {
	get := func(c tabular.Column) *string {
		v, ok := vals[c]
		if !ok {
			return nil
		}
		return &v
	}
	list := func(c tabular.Column) *[]string {
		v, ok := vals[c]
		if !ok {
			return nil
		}
		parts := strings.Split(v, ";")
		return &parts
	}
	return Input{NameLatin: get(tabular.ColNameLatin), NameNative: get(tabular.ColNameNative),
		Nationality: list(tabular.ColNationality), ResidenceCountry: get(tabular.ColResidence),
		Employer: get(tabular.ColEmployer), EmployerKind: get(tabular.ColEmployerKind), Position: get(tabular.ColPosition),
		Email: get(tabular.ColEmail), Phone: get(tabular.ColPhone), Languages: list(tabular.ColLanguages),
		BirthDate: get(tabular.ColBirthDate), Notes: get(tabular.ColNotes)}
}

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
