package minutes

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(d *Document)
		pointer string
		code    string
	}{
		{"accepts-valid-document", func(d *Document) {}, "", ""},
		{"accepts-title-in-one-language", func(d *Document) { d.Items[0].TitleEN = "" }, "", ""},
		{"accepts-empty-translation-status", func(d *Document) { d.Items[0].TranslationStatus = "" }, "", ""},
		{"rejects-unknown-attribution", func(d *Document) { d.Items[0].Statements[1].Attribution = "anonymous" }, "/items/0/statements/1/attribution", "unknown_value"},
		{"rejects-empty-title-both-languages", func(d *Document) { d.Items[0].TitleEN, d.Items[0].TitleZH = " ", "" }, "/items/0/title_en", "required"},
		{"rejects-over-long-statement", func(d *Document) {
			d.Items[0].Statements[0].TextZH = strings.Repeat("长", DefaultLimits.MaxTextRunes+1)
		}, "/items/0/statements/0/text_zh", "too_long"},
		{"rejects-too-many-items", func(d *Document) {
			for i := 0; i <= DefaultLimits.MaxItems; i++ {
				d.Items = append(d.Items, Item{ID: fmt.Sprint("x", i), TitleEN: "t"})
			}
		}, "/items", "too_many"},
		{"rejects-too-many-statements", func(d *Document) {
			for i := 0; i <= DefaultLimits.MaxStatementsPerItem; i++ {
				d.Items[0].Statements = append(d.Items[0].Statements, Statement{ID: fmt.Sprint("s", i), SpeakerID: "p", Attribution: AttributionChatham, TextEN: "x"})
			}
		}, "/items/0/statements", "too_many"},
		{"rejects-duplicate-statement-id", func(d *Document) { d.Items[0].Statements[2].ID = "st-1" }, "/items/0/statements/2/id", "duplicate"},
		{"rejects-missing-item-id", func(d *Document) { d.Items[0].ID = "" }, "/items/0/id", "required"},
		{"rejects-missing-speaker", func(d *Document) { d.Items[0].Statements[0].SpeakerID = "" }, "/items/0/statements/0/speaker_id", "required"},
		{"rejects-empty-statement", func(d *Document) { d.Items[0].Statements[0].TextEN, d.Items[0].Statements[0].TextZH = "", "" }, "/items/0/statements/0/text_en", "required"},
		{"rejects-bad-due-date", func(d *Document) { d.Items[0].ActionItems[0].Due = "next week" }, "/items/0/action_items/0/due", "invalid_date"},
		{"rejects-control-characters", func(d *Document) { d.Items[0].NotesEN = "bell\x07" }, "/items/0/notes_en", "invalid_text"},
		{"rejects-invalid-utf8", func(d *Document) { d.Items[0].Decisions[0].TextEN = "\xff\xfe" }, "/items/0/decisions/0/text_en", "invalid_text"},
		{"rejects-unknown-status", func(d *Document) { d.Status = "published" }, "/status", "unknown_value"},
		{"rejects-unknown-language", func(d *Document) { d.AuthoritativeLanguage = "fr" }, "/authoritative_language", "unknown_value"},
		{"rejects-unknown-translation-status", func(d *Document) { d.Items[0].TranslationStatus = "done" }, "/items/0/translation_status", "unknown_value"},
		{"rejects-zero-revision", func(d *Document) { d.Revision = 0 }, "/revision", "out_of_range"},
		{"rejects-amendment-of-later-version", func(d *Document) { d.AmendmentOf = 3 }, "/amendment_of", "out_of_range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleDoc()
			tt.mutate(d)
			err := d.Validate()
			if tt.pointer == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate() = %v, want ErrInvalid", err)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %T is not a *ValidationError", err)
			}
			for _, fe := range ve.Errors {
				if fe.Pointer == tt.pointer && fe.Code == tt.code {
					return
				}
			}
			t.Fatalf("errors %+v lack %s %s", ve.Errors, tt.pointer, tt.code)
		})
	}
}

func TestValidateNilDocumentIsAnError(t *testing.T) {
	var d *Document
	if err := d.Validate(); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Validate(nil) = %v, want ErrInvalid", err)
	}
}

func TestValidationErrorListsEveryProblem(t *testing.T) {
	d := sampleDoc()
	d.Status = "x"
	d.Items[0].Statements[0].Attribution = "y"
	d.Items[0].TitleEN, d.Items[0].TitleZH = "", ""
	var ve *ValidationError
	if !errors.As(d.Validate(), &ve) || len(ve.Errors) != 3 {
		t.Fatalf("want 3 field errors, got %+v", ve)
	}
	if msg := ve.Error(); !strings.Contains(msg, "3 problems") {
		t.Fatalf("Error() = %q", msg)
	}
}
