package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"github.com/tracktwo/tracktwo/internal/participant"
)

// Registry search (migration 00007): each participant's Latin and native names, employer and
// e-mail are split into search terms stored in participant_terms; a search matches the
// participants having, for every word of the query, a term that starts with it, and then applies
// the substring test on the candidates only (so "zhang.wei@" still means that text; a word that
// more than termCandidateCap participants match is left to the substring test). A word
// inside another word no longer matches ("ang" does not find "Zhang"); a single Chinese
// character does, since each such character is a term of its own.

// maxTermBytes caps a stored term; a longer query word is cut to the same length (the substring
// test on the candidates keeps the result exact).
const maxTermBytes = 64

// termBatch is how many term rows one INSERT writes.
const termBatch = 200

// termCandidateCap bounds the count of a query word's candidates: at or above it the word is
// common, and the search walks the registry in name order instead of collecting candidates.
const termCandidateCap = 1000

// foldTerm lower-cases s and removes diacritics. (A transform.Chain keeps state between calls, so
// each call builds its own.)
func foldTerm(s string) string {
	s = strings.ToLower(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	out, _, err := transform.String(transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return out
}

// ideograph reports whether r is a character of a script written without spaces between words.
func ideograph(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// splitTerms returns the search terms of s in order (with repeats).
func splitTerms(s string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			t := cur.String()
			for len(t) > maxTermBytes {
				_, n := utf8.DecodeLastRuneInString(t)
				t = t[:len(t)-n]
			}
			out = append(out, t)
			cur.Reset()
		}
	}
	for _, r := range foldTerm(s) {
		switch {
		case ideograph(r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// participantTerms returns the distinct search terms of a participant.
func participantTerms(p *participant.Participant) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range []string{p.NameLatin, p.NameNative, p.Employer, p.Email} {
		for _, t := range splitTerms(f) {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// queryTerms returns the words a search must match, longest first, without words that are a
// prefix of another (they add nothing), at most four.
func queryTerms(q string) []string {
	ts := splitTerms(q)
	var out []string
	for i, t := range ts {
		redundant := false
		for j, u := range ts {
			if i != j && strings.HasPrefix(u, t) && (len(u) > len(t) || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, t)
		}
	}
	for i := 1; i < len(out); i++ { // longest first (stable insertion sort; few words)
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if len(out) > 4 {
		out = out[:4]
	}
	return out
}

// termRange returns the condition matching the terms that start with t, and its arguments. A
// single ideograph is a whole term: equality. Otherwise a range [t, t with its last character
// incremented), which an index serves on both databases (terms are lower-case letters and digits
// without diacritics, whose order is the same in every collation we expect).
func termRange(col, t string) (string, []any) {
	r, n := utf8.DecodeLastRuneInString(t)
	if utf8.RuneCountInString(t) == 1 && ideograph(r) {
		return col + " = ?", []any{t}
	}
	return "(" + col + " >= ? AND " + col + " < ?)", []any{t, t[:len(t)-n] + string(r+1)}
}

// writeTerms inserts the search terms of ps (none of which has terms yet) in batches, in key
// order: rows inserted in the primary key's order touch few pages of its b-tree, which keeps a
// 10,000-row import's terms (some 90,000 rows) from spilling SQLite's page cache.
func writeTerms(tx *gorm.DB, ps []*participant.Participant) error {
	var all []termRow
	for _, p := range ps {
		for _, t := range participantTerms(p) {
			all = append(all, termRow{p.OrgID, t, p.ID})
		}
	}
	return insertTermRows(tx, all)
}

// termRow is one row of participant_terms.
type termRow struct{ org, term, id string }

// insertTermRows inserts term rows in batches, in key order (see writeTerms).
func insertTermRows(tx *gorm.DB, all []termRow) error {
	sort.Slice(all, func(i, j int) bool {
		if all[i].org != all[j].org {
			return all[i].org < all[j].org
		}
		if all[i].term != all[j].term {
			return all[i].term < all[j].term
		}
		return all[i].id < all[j].id
	})
	ins, err := newBatchInsert(tx, "participant_terms", []string{"org_id", "term", "participant_id"}, termBatch, len(all))
	if err != nil {
		return err
	}
	for _, r := range all {
		if err := ins.add(r.org, r.term, r.id); err != nil {
			_ = ins.close()
			return err
		}
	}
	return ins.close()
}

// rewriteTerms changes the stored search terms of participants from those of old (as stored) to
// those of the new state: only the terms that go are deleted (one statement each, by primary
// key, prepared once) and only the new ones inserted (in batches). An import that corrects many
// people's employer or e-mail writes a few rows per person instead of all of them.
func rewriteTerms(tx *gorm.DB, old map[string]*participant.Participant, ps []*participant.Participant) error {
	var gone, added []termRow
	for _, p := range ps {
		o := old[p.ID]
		before, after := participantTerms(o), participantTerms(p)
		for _, t := range before {
			if !slices.Contains(after, t) {
				gone = append(gone, termRow{o.OrgID, t, o.ID})
			}
		}
		for _, t := range after {
			if !slices.Contains(before, t) {
				added = append(added, termRow{p.OrgID, t, p.ID})
			}
		}
	}
	del, err := newRowExec(tx, "DELETE FROM participant_terms WHERE org_id = ? AND term = ? AND participant_id = ?", len(gone))
	if err != nil {
		return err
	}
	defer del.close()
	for _, r := range gone {
		if _, err := del.exec(r.org, r.term, r.id); err != nil {
			return err
		}
	}
	return insertTermRows(tx, added)
}

// deleteTerms deletes the search terms of p as it is stored (by primary key, so no index on
// participant_id is needed).
func deleteTerms(tx *gorm.DB, p *participant.Participant) error {
	terms := participantTerms(p)
	if len(terms) == 0 {
		return nil
	}
	return tx.Exec("DELETE FROM participant_terms WHERE org_id = ? AND term IN ? AND participant_id = ?", p.OrgID, terms, p.ID).Error
}

// storedSearchFields reads the searched fields of a participant of orgID as stored.
func storedSearchFields(tx *gorm.DB, orgID, id string) (*participant.Participant, error) {
	var old participant.Participant
	err := tx.Table("participants").Select("id, org_id, name_latin, name_native, employer, email").
		Where("id = ? AND org_id = ?", id, orgID).Take(&old).Error
	if err != nil {
		return nil, notFound(err, participant.ErrNotFound)
	}
	return &old, nil
}

// RebuildParticipantTerms rewrites the search terms of every participant (after migration 00007,
// or after rows were inserted by other means such as a bulk load), and returns how many
// participants it indexed. It runs in batches of 2,000 participants, one transaction each.
func (d *DB) RebuildParticipantTerms(ctx context.Context) (int, error) {
	if err := d.write(ctx).Exec("DELETE FROM participant_terms").Error; err != nil {
		return 0, fmt.Errorf("rebuild participant terms: %w", err)
	}
	n, after := 0, ""
	for {
		var batch []*participant.Participant
		q := d.read(ctx).Table("participants").Select("id, org_id, name_latin, name_native, employer, email").Order("id").Limit(2000)
		if after != "" {
			q = q.Where("id > ?", after)
		}
		if err := q.Find(&batch).Error; err != nil {
			return n, fmt.Errorf("rebuild participant terms: %w", err)
		}
		if len(batch) == 0 {
			return n, nil
		}
		if err := d.InTx(ctx, func(ctx context.Context) error { return writeTerms(d.write(ctx), batch) }); err != nil {
			return n, fmt.Errorf("rebuild participant terms: %w", err)
		}
		n += len(batch)
		after = batch[len(batch)-1].ID
	}
}

// searchParticipants narrows q (participants of sc's organization) to those matching the query
// words (see the comment at the top of this file). ok is false when the query has no words.
func (s *Participants) searchParticipants(ctx context.Context, q *gorm.DB, orgID, query string) (*gorm.DB, bool, error) {
	words := queryTerms(query)
	if len(words) == 0 {
		return q, false, nil
	}
	// How common is each word (counted up to termCandidateCap)? One statement.
	var sel []string
	var args []any
	for i, w := range words {
		cond, a := termRange("term", w)
		sel = append(sel, fmt.Sprintf("(SELECT COUNT(*) FROM (SELECT 1 FROM participant_terms WHERE org_id = ? AND %s LIMIT %d) c%d)",
			cond, termCandidateCap, i))
		args = append(append(args, orgID), a...)
	}
	counts := make([]int64, len(words))
	dest := make([]any, len(words))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := s.db.read(ctx).Raw("SELECT "+strings.Join(sel, ", "), args...).Row().Scan(dest...); err != nil {
		return nil, false, err
	}
	for _, c := range counts {
		if c == 0 {
			return q.Where("1 = 0"), true, nil
		}
	}
	// The rare words (fewer than termCandidateCap participants) select candidates by index; the
	// substring test the caller adds covers the common ones. With only common words, the caller's
	// walk in name order finds a page of matches early.
	for i, w := range words {
		if counts[i] < termCandidateCap {
			cond, a := termRange("term", w)
			q = q.Where("participants.id IN (SELECT participant_id FROM participant_terms WHERE org_id = ? AND "+cond+")", append([]any{orgID}, a...)...)
		}
	}
	return q, true, nil
}
