package timezone

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name, zone string
		want       error
		suggest    string
	}{
		{"accepts-new-york", "America/New_York", nil, ""},
		{"accepts-shanghai", "Asia/Shanghai", nil, ""},
		{"accepts-utc", "UTC", nil, ""},
		{"accepts-etc-utc", "Etc/UTC", nil, ""},
		{"rejects-empty", "", ErrEmptyZone, ""},
		{"rejects-local", "Local", ErrLocalZone, ""},
		{"rejects-local-any-case", "local", ErrLocalZone, ""},
		{"rejects-est-although-go-knows-it", "EST", ErrAbbreviation, "America/New_York"},
		{"rejects-cst-with-both-meanings", "CST", ErrAbbreviation, "America/Chicago or Asia/Shanghai"},
		{"rejects-posix-style-est5edt", "EST5EDT", ErrAbbreviation, "America/New_York"},
		{"rejects-legacy-prc", "PRC", ErrAbbreviation, "Asia/Shanghai"},
		{"rejects-single-word-alias", "Japan", ErrUnknownZone, "Asia/Tokyo"},
		{"rejects-unknown-area", "Mars/Olympus_Mons", ErrUnknownZone, ""},
		{"rejects-path-traversal", "../../etc/passwd", ErrUnknownZone, ""},
		{"rejects-surrounding-space", " Asia/Shanghai", ErrUnknownZone, ""},
		{"rejects-nul", "Asia/Shang\x00hai", ErrUnknownZone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.zone)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate(%q) = %v, want nil", tt.zone, err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Validate(%q) = %v, want %v", tt.zone, err, tt.want)
			}
			var ze *ZoneError
			if !errors.As(err, &ze) || ze.Suggestion != tt.suggest {
				t.Fatalf("suggestion = %+v, want %q", ze, tt.suggest)
			}
			if tt.suggest != "" && !strings.Contains(err.Error(), tt.suggest) {
				t.Errorf("message %q does not mention %q", err, tt.suggest)
			}
		})
	}
}
