package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultsAreValid(t *testing.T) {
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.SQLitePath() != filepath.Join("data", "tracktwo.db") || c.Postgres() {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestEnvironmentOverridesFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "t.yaml")
	if err := os.WriteFile(f, []byte("addr: 0.0.0.0:9000\ndata_dir: /var/lib/tt\nauth:\n  access_ttl: 10m\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(f, env(map[string]string{"TRACKTWO_DATA_DIR": "/srv/tt", "TRACKTWO_DATABASE_URL": "postgres://u:hunter2@db/tt"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.DataDir != "/srv/tt" || c.Auth.AccessTTL.Minutes() != 10 || !c.Postgres() {
		t.Fatalf("layering: %+v", c)
	}
	if s := fmt.Sprintf("%v %+v", c, c); strings.Contains(s, "hunter2") {
		t.Fatal("a secret is printed")
	}
}

func TestValidateNamesEveryProblem(t *testing.T) {
	c := Default()
	c.Addr, c.CookieSecure, c.DefaultTimezone, c.DatabaseURL = "nope", "maybe", "Mars/Base", "mysql://x"
	c.Auth.AccessTTL = 0
	err := c.Validate()
	if err == nil {
		t.Fatal("invalid config accepted")
	}
	for _, key := range []string{"addr", "cookie_secure", "default_timezone", "database_url", "auth.access_ttl"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("message does not name %s: %v", key, err)
		}
	}
}

func TestUnknownKeyInFileIsAnError(t *testing.T) {
	f := filepath.Join(t.TempDir(), "t.yaml")
	_ = os.WriteFile(f, []byte("adr: typo\n"), 0o600)
	if _, err := Load(f, env(nil)); err == nil || !strings.Contains(err.Error(), "adr") {
		t.Fatalf("typo accepted: %v", err)
	}
}

// TestShippedConfigFileIsTheDefaults: configs/tracktwo.yaml documents every key with its default.
func TestShippedConfigFileIsTheDefaults(t *testing.T) {
	c, err := Load("../../configs/tracktwo.yaml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	d, _ := Load("", env(nil))
	if fmt.Sprintf("%+v", c) != fmt.Sprintf("%+v", d) {
		t.Fatalf("configs/tracktwo.yaml differs from the built-in defaults:\n%+v\n%+v", c, d)
	}
}
