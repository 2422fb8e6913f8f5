package participant

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

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
	// ErasedOn is the date (UTC, YYYY-MM-DD) the person of a suppressed row was erased (code
	// "erased").
	ErasedOn string `json:"erased_on,omitempty"`
}

// ImportUpdate is a participant of the registry that a row of the file changes: the row, the
// participant (named as after the change) and the fields whose stored value changes (column
// names such as "email"; see FieldLabels).
type ImportUpdate struct {
	Row           int      `json:"row"`
	ParticipantID string   `json:"participant_id"`
	Name          string   `json:"name"`
	Fields        []string `json:"fields"`
}

// ImportReport is what an import found and what it does (a dry run: would do). Created counts
// the new people, Updated the people of the registry whose record changes, Unchanged those the
// file describes as stored, Skipped the rows that repeat a person of an earlier row; Existing is
// Updated + Unchanged. Suppressed counts the rows of people erased before, which are not added
// (each with an "erased" warning); Readded those added again because the caller asked
// (ImportOptions.IncludeErased). Saved is true once the changes are committed.
type ImportReport struct {
	Format     string          `json:"format"`
	Encoding   string          `json:"encoding,omitempty"`
	Rows       int             `json:"rows"`
	Valid      int             `json:"valid"`
	Created    int             `json:"created"`
	Updated    int             `json:"updated"`
	Unchanged  int             `json:"unchanged"`
	Existing   int             `json:"existing"`
	Skipped    int             `json:"skipped"`
	Suppressed int             `json:"suppressed"`
	Readded    int             `json:"readded"`
	DryRun     bool            `json:"dry_run"`
	Saved      bool            `json:"saved"`
	Problems   []ImportProblem `json:"problems"`
	Updates    []ImportUpdate  `json:"updates"`
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

func (r *ImportReport) add(line int, sev tabular.Severity, code, msg string) {
	r.Problems = append(r.Problems, ImportProblem{Row: line, Severity: string(sev), Code: code, Message: msg})
}

// importRow is a valid row of a file: its line, what it sets (nil: an empty cell or a column
// the file lacks) and the participant it describes on its own.
type importRow struct {
	line int
	in   Input
	p    *Participant
}

// importPlan is what an import writes: the new people, the changed ones, and the suppression
// list's digests of the people added again (per new participant id).
type importPlan struct {
	create  []*Participant
	update  []*Participant
	readded map[string][]string
}

// ImportOptions are an import's choices: DryRun only reports; IncludeErased adds people whose
// data was erased before (on the suppression list) instead of leaving them out, and takes them
// off the list.
type ImportOptions struct {
	DryRun        bool
	IncludeErased bool
}

// ErasedWarning is the message of a suppressed row (code "erased"): date is YYYY-MM-DD.
func ErasedWarning(date string) string {
	return fmt.Sprintf("this person's data was erased on %s; tick 'add people erased before' to add them again", date)
}

// Import reads a CSV or XLSX participant list into the caller's registry. Every row is validated
// first (as a new participant on its own); when any row has an error, nothing is saved (the
// report says what to fix). A dry run only reports.
//
// A row whose natural key (e-mail, else names and employer) is in the registry updates that
// participant: each non-empty cell overwrites its field, through the same validation as an
// update by hand; empty cells and absent columns keep what is stored. A row with an e-mail that
// is not in the registry also matches a participant without an e-mail by names and employer (and
// gives them the e-mail). Other rows add new people. Re-importing a file therefore changes
// nothing the second time (R3). Updates are audited one by one (participant.update) and
// recompute the screening flags of the sessions the people attend, like an update by hand;
// consent records are never touched. Everything is written in one transaction.
//
// A new person whose key (the row's natural key, or with an e-mail also its names-and-employer
// key) is on the organization's suppression list was erased before (Delete): the row is not
// added but counted as suppressed, with a warning, unless opts.IncludeErased; then the person is
// added and those digests leave the list (audited as participant.readd).
func (s *Service) Import(ctx context.Context, sc tenant.Scope, r io.Reader, opts ImportOptions) (*ImportReport, error) {
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
	dryRun := opts.DryRun
	rep := &ImportReport{Format: res.Format, Encoding: res.Encoding, Rows: len(res.Rows), DryRun: dryRun,
		Problems: []ImportProblem{}, Updates: []ImportUpdate{}}
	for _, p := range res.Problems {
		rep.Problems = append(rep.Problems, ImportProblem{Row: p.Row, Column: p.Column, Cell: p.Cell,
			Severity: string(p.Severity), Code: p.Code, Message: p.Message})
	}
	now := s.now()
	rows := make([]importRow, 0, len(res.Rows))
	for _, row := range res.Rows {
		if !row.Valid {
			continue
		}
		in := inputOf(row.Values)
		p := &Participant{}
		if err := apply(p, in, true, now); err != nil {
			fieldProblems(rep, row.Line, err)
			continue
		}
		rows = append(rows, importRow{line: row.Line, in: in, p: p})
	}
	rep.Valid = len(rows)
	defer sortProblems(rep)
	if dryRun || rep.HasErrors() {
		if _, err := s.planImport(ctx, sc, rows, now, opts, rep); err != nil {
			return nil, err
		}
		return rep, nil
	}
	var plan *importPlan
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		// Plan inside the write transaction: what is updated is compared with the registry as it
		// is now, and a concurrent import of the same file cannot add anyone twice.
		var err error
		if plan, err = s.planImport(ctx, sc, rows, now, opts, rep); err != nil || rep.HasErrors() {
			return err
		}
		if err := s.store.SaveImported(ctx, sc, plan.create, plan.update); err != nil {
			return err
		}
		entries := make([]audit.Entry, 0, 1+len(rep.Updates)+len(plan.readded))
		entries = append(entries, audit.Entry{Action: "participant.import", TargetType: "organization", TargetID: sc.OrgID,
			Details: map[string]any{"format": rep.Format, "rows": rep.Rows, "created": rep.Created, "updated": rep.Updated,
				"unchanged": rep.Unchanged, "skipped": rep.Skipped, "suppressed": rep.Suppressed, "readded": rep.Readded}})
		for _, u := range rep.Updates {
			entries = append(entries, audit.Entry{Action: "participant.update", TargetType: "participant", TargetID: u.ParticipantID,
				Details: map[string]any{"fields": u.Fields, "via": "import"}})
		}
		for _, p := range plan.create {
			digests, ok := plan.readded[p.ID]
			if !ok {
				continue
			}
			n, err := s.store.RemoveErasedKeys(ctx, sc, digests)
			if err != nil {
				return err
			}
			entries = append(entries, audit.Entry{Action: "participant.readd", TargetType: "participant", TargetID: p.ID,
				Details: map[string]any{"cleared_keys": n, "via": "import"}})
		}
		return s.audit.AppendMany(ctx, entries)
	})
	if err != nil {
		return nil, err
	}
	if rep.HasErrors() {
		return rep, nil
	}
	rep.Saved = true
	if len(plan.update) > 0 {
		ids := make([]string, len(plan.update))
		for i, p := range plan.update {
			ids[i] = p.ID
		}
		s.participantsChanged(ctx, ids...)
	}
	return rep, nil
}

// planImport decides, for each valid row, whether it adds a person, updates one, leaves one as
// it is or repeats an earlier row, and fills in the report's counts, updates and warnings.
func (s *Service) planImport(ctx context.Context, sc tenant.Scope, rows []importRow, now time.Time, opts ImportOptions, rep *ImportReport) (*importPlan, error) {
	keys := make([]string, 0, len(rows))
	for _, r := range rows {
		keys = append(keys, r.p.NaturalKey)
		if r.p.Email != "" {
			keys = append(keys, nameKey(r.p))
		}
	}
	existing, err := s.store.ParticipantKeys(ctx, sc, keys)
	if err != nil {
		return nil, err
	}
	type match struct {
		row importRow
		id  string
	}
	var matches []match
	var creates []importRow
	claimed := map[string]int{} // participant id → the row that updates it
	seen := map[string]int{}    // natural key of a new person → its row
	for _, r := range rows {
		id, ok := existing[r.p.NaturalKey]
		if !ok && r.p.Email != "" {
			// Someone registered without an e-mail, whose key is their names and employer.
			id, ok = existing[nameKey(r.p)]
		}
		first := seen[r.p.NaturalKey]
		if ok {
			first = claimed[id]
		}
		switch {
		case first != 0:
			rep.Skipped++
			rep.add(r.line, tabular.SeverityWarning, "duplicate_row", fmt.Sprintf("same person as row %d; this row is skipped", first))
		case ok:
			claimed[id] = r.line
			matches = append(matches, match{r, id})
		default:
			seen[r.p.NaturalKey] = r.line
			creates = append(creates, r)
		}
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = m.id
	}
	stored, err := s.store.ParticipantsByID(ctx, sc, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Participant, len(stored))
	for i := range stored {
		byID[stored[i].ID] = &stored[i]
	}
	plan := &importPlan{}
	for _, m := range matches {
		old, ok := byID[m.id]
		if !ok { // erased since its key was read (a dry run reads twice): a new person
			creates = append(creates, m.row)
			continue
		}
		p := *old
		p.Nationality, p.Languages = slices.Clone(old.Nationality), slices.Clone(old.Languages)
		if err := apply(&p, m.row.in, false, now); err != nil {
			rep.Valid--
			fieldProblems(rep, m.row.line, err)
			continue
		}
		fields := changedFields(old, &p)
		if len(fields) == 0 {
			rep.Unchanged++
			continue
		}
		p.UpdatedAt = now
		plan.update = append(plan.update, &p)
		rep.Updates = append(rep.Updates, ImportUpdate{Row: m.row.line, ParticipantID: p.ID, Name: p.DisplayName(), Fields: fields})
	}
	sort.Slice(creates, func(i, j int) bool { return creates[i].line < creates[j].line })
	erased, err := s.erasedRows(ctx, sc, creates)
	if err != nil {
		return nil, err
	}
	kept := creates[:0]
	for _, r := range creates {
		e, ok := erased[r.line]
		if ok && !opts.IncludeErased {
			rep.Suppressed++
			on := e.at.UTC().Format(time.DateOnly)
			rep.Problems = append(rep.Problems, ImportProblem{Row: r.line, Severity: string(tabular.SeverityWarning), Code: "erased",
				Message: ErasedWarning(on), ErasedOn: on})
			continue
		}
		kept = append(kept, r)
		p := r.p
		p.ID, p.OrgID, p.CreatedAt, p.UpdatedAt = s.newID(), sc.OrgID, now, now
		plan.create = append(plan.create, p)
		if ok {
			if plan.readded == nil {
				plan.readded = map[string][]string{}
			}
			plan.readded[p.ID] = e.digests
			rep.Readded++
		}
	}
	creates = kept
	if err := s.sameNameWarnings(ctx, sc, creates, claimed, rep); err != nil {
		return nil, err
	}
	rep.Created, rep.Updated = len(plan.create), len(plan.update)
	rep.Existing = rep.Updated + rep.Unchanged
	return plan, nil
}

// erasedRow is a new person's row that is on the suppression list: the digests of the row's
// keys found there and the latest time one of them was erased.
type erasedRow struct {
	digests []string
	at      time.Time
}

// erasedRows finds, by line, the rows of creates whose keys are on the caller's suppression list.
func (s *Service) erasedRows(ctx context.Context, sc tenant.Scope, creates []importRow) (map[int]erasedRow, error) {
	if len(creates) == 0 {
		return nil, nil
	}
	secret, err := s.erasureSecret(ctx, false)
	if err != nil || secret == nil { // no secret yet: nobody was ever erased
		return nil, err
	}
	byRow := make([][]string, len(creates))
	var all []string
	for i, r := range creates {
		byRow[i] = keyDigests(secret, erasureKeys(r.p))
		all = append(all, byRow[i]...)
	}
	listed, err := s.store.ErasedKeys(ctx, sc, all)
	if err != nil || len(listed) == 0 {
		return nil, err
	}
	out := map[int]erasedRow{}
	for i, r := range creates {
		var e erasedRow
		for _, d := range byRow[i] {
			if at, ok := listed[d]; ok {
				e.digests = append(e.digests, d)
				if at.After(e.at) {
					e.at = at
				}
			}
		}
		if len(e.digests) > 0 {
			out[r.line] = e
		}
	}
	return out, nil
}

// sameNameWarnings warns about each new person whose Latin and native names are those of someone
// in the registry that no row updates: most likely the same person with a new e-mail (or, without
// one, a new employer), whom the import cannot match safely and adds as a new person.
func (s *Service) sameNameWarnings(ctx context.Context, sc tenant.Scope, creates []importRow, claimed map[string]int, rep *ImportReport) error {
	var names []string
	for _, r := range creates {
		names = append(names, r.p.NameLatin)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if len(names) == 0 {
		return nil
	}
	others, err := s.store.ParticipantsNamed(ctx, sc, names)
	if err != nil {
		return err
	}
	byName := map[string]*Participant{}
	for i := range others {
		o := &others[i]
		if k := personKey(o); claimed[o.ID] == 0 && byName[k] == nil {
			byName[k] = o
		}
	}
	for _, r := range creates {
		o := byName[personKey(r.p)]
		if o == nil {
			continue
		}
		with := "no e-mail"
		if o.Email != "" {
			with = "e-mail " + o.Email
		}
		if o.Employer != "" {
			with += ", employer " + o.Employer
		}
		rep.add(r.line, tabular.SeverityWarning, "same_name", fmt.Sprintf("the registry already has %s (%s); this row adds a new person. "+
			"If it is the same person, correct the e-mail or employer in the file or in the registry so that they agree", o.DisplayName(), with))
	}
	return nil
}

// nameKey is the natural key a participant would have without an e-mail.
func nameKey(p *Participant) string {
	return tabular.NaturalKey(map[tabular.Column]string{tabular.ColNameLatin: p.NameLatin, tabular.ColNameNative: p.NameNative,
		tabular.ColEmployer: p.Employer})
}

// personKey folds the names only (the same-name warning).
func personKey(p *Participant) string {
	return tabular.NaturalKey(map[tabular.Column]string{tabular.ColNameLatin: p.NameLatin, tabular.ColNameNative: p.NameNative})
}

// importedFields are the fields an import sets, in column order, with their values as compared.
var importedFields = []struct {
	col tabular.Column
	get func(p *Participant) string
}{
	{tabular.ColNameLatin, func(p *Participant) string { return p.NameLatin }},
	{tabular.ColNameNative, func(p *Participant) string { return p.NameNative }},
	{tabular.ColNationality, func(p *Participant) string { return strings.Join(p.Nationality, ";") }},
	{tabular.ColResidence, func(p *Participant) string { return p.ResidenceCountry }},
	{tabular.ColEmployer, func(p *Participant) string { return p.Employer }},
	{tabular.ColEmployerKind, func(p *Participant) string { return p.EmployerKind }},
	{tabular.ColPosition, func(p *Participant) string { return p.Position }},
	{tabular.ColEmail, func(p *Participant) string { return p.Email }},
	{tabular.ColLanguages, func(p *Participant) string { return strings.Join(p.Languages, ";") }},
	{tabular.ColPhone, func(p *Participant) string { return p.Phone }},
	{tabular.ColBirthDate, func(p *Participant) string { return p.BirthDate }},
	{tabular.ColNotes, func(p *Participant) string { return p.Notes }},
}

// changedFields lists the imported fields whose value differs between old and p.
func changedFields(old, p *Participant) []string {
	var out []string
	for _, f := range importedFields {
		if f.get(old) != f.get(p) {
			out = append(out, string(f.col))
		}
	}
	return out
}

// FieldLabels returns the column labels of an import's field names (ImportUpdate.Fields) in
// lang ("en" or "zh"), as the import template heads them.
func FieldLabels(fields []string, lang string) []string {
	cols := make([]tabular.Column, len(fields))
	for i, f := range fields {
		cols[i] = tabular.Column(f)
	}
	return tabular.Header(cols, lang)
}

func fieldProblems(rep *ImportReport, line int, err error) {
	for _, f := range apperr.Fields(err) {
		rep.Problems = append(rep.Problems, ImportProblem{Row: line, Column: f.Field, Severity: string(tabular.SeverityError),
			Code: f.Code, Message: f.Message})
	}
}

// sortProblems puts the problems in row order (header first), keeping the order within a row.
func sortProblems(rep *ImportReport) {
	sort.SliceStable(rep.Problems, func(i, j int) bool { return rep.Problems[i].Row < rep.Problems[j].Row })
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
