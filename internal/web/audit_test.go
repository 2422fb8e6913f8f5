package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tracktwo/tracktwo/internal/testkit"
)

// TestAuditLog covers L1: logins (ok and failed), refusals and changes are recorded with actor,
// tenant and request id, without secrets; the chain verifies, and tampering of any kind is found.
func TestAuditLog(t *testing.T) {
	testkit.Each(t, func(t *testing.T, b testkit.Backend) {
		env := testkit.Start(t, b, nil)
		us := env.NewTenant("usorg", "US")
		env.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": us.Member.Email, "password": "not-the-right-passphrase"})
		tok := env.Token(us.Admin)
		env.Do("PATCH", "/api/v1/orgs/"+us.Org.ID, tok, map[string]string{"name": "Renamed Org"})
		evs, err := env.App.Audit.ForOrg(context.Background(), us.Admin.Scope(), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{"auth.login/denied": false, "auth.login/ok": false, "org.update/ok": false, "user.create/ok": false}
		for _, e := range evs {
			k := e.Action + "/" + e.Outcome
			if _, ok := want[k]; ok {
				want[k] = true
			}
			if e.Action == "auth.login" && e.RequestID == "" {
				t.Errorf("login event without request id")
			}
			if strings.Contains(e.Details, testkit.Password) || strings.Contains(e.Details, "not-the-right-passphrase") {
				t.Errorf("secret in audit details: %s", e.Details)
			}
			if e.At.Location().String() != "UTC" {
				t.Errorf("event time not UTC: %v", e.At)
			}
		}
		for k, seen := range want {
			if !seen {
				t.Errorf("no %s event", k)
			}
		}
		n, problems, err := env.App.Audit.Verify(context.Background())
		if err != nil || len(problems) > 0 || n < 5 {
			t.Fatalf("verify on an intact log: n=%d problems=%v err=%v", n, problems, err)
		}
		raw := testkit.RawDB(t, env.App.Config)
		tamper := []struct {
			name string
			sql  string
		}{
			{"detects-changed-row", "UPDATE audit_events SET action = 'nothing' WHERE seq = 3"},
			{"detects-deleted-middle-row", "DELETE FROM audit_events WHERE seq = 2"},
			{"detects-deleted-last-row", "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)"},
		}
		for _, tc := range tamper {
			t.Run(tc.name, func(t *testing.T) {
				if err := raw.Exec(tc.sql).Error; err != nil {
					t.Fatal(err)
				}
				_, problems, err := env.App.Audit.Verify(context.Background())
				if err != nil || len(problems) == 0 {
					t.Fatalf("tampering not detected (err=%v)", err)
				}
			})
		}
	})
}
