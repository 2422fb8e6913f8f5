// Package config holds Tracktwo's typed configuration: defaults in code, then an optional YAML
// file (TRACKTWO_CONFIG or --config), then TRACKTWO_* environment variables. Validate reports every
// problem at once with the key that holds it.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration. The YAML keys are documented in configs/tracktwo.yaml.
type Config struct {
	Addr            string   `yaml:"addr"`
	BaseURL         string   `yaml:"base_url"`
	DataDir         string   `yaml:"data_dir"`
	DatabaseURL     Secret   `yaml:"database_url"`
	SQLiteReaders   int      `yaml:"sqlite_readers"`
	DemoPassword    Secret   `yaml:"demo_password"`
	TrustedProxies  []string `yaml:"trusted_proxies"`
	CookieSecure    string   `yaml:"cookie_secure"` // auto | true | false
	LogLevel        string   `yaml:"log_level"`
	LogFormat       string   `yaml:"log_format"` // json | text
	DefaultLanguage string   `yaml:"default_language"`
	DefaultTimezone string   `yaml:"default_timezone"`
	RulesDir        string   `yaml:"rules_dir"`
	// RulesReloadInterval is how often the rules directory is checked for changed files (0: only
	// on SIGHUP).
	RulesReloadInterval time.Duration `yaml:"rules_reload_interval"`
	// StorageCountry is where this instance stores personal data (ISO 3166 alpha-2; empty:
	// unknown), a fact of the data-protection rules.
	StorageCountry string `yaml:"storage_country"`

	Auth   AuthConfig   `yaml:"auth"`
	HTTP   HTTPConfig   `yaml:"http"`
	Limits LimitsConfig `yaml:"limits"`
}

// AuthConfig holds token lifetimes and login throttling.
type AuthConfig struct {
	Issuer            string        `yaml:"issuer"`
	Audience          string        `yaml:"audience"`
	AccessTTL         time.Duration `yaml:"access_ttl"`
	RefreshTTL        time.Duration `yaml:"refresh_ttl"`
	InvitationTTL     time.Duration `yaml:"invitation_ttl"`
	KeyOverlap        time.Duration `yaml:"key_overlap"`
	LoginPerMinute    int           `yaml:"login_per_minute"`
	LoginBurst        int           `yaml:"login_burst"`
	MinPasswordLength int           `yaml:"min_password_length"`
}

// HTTPConfig holds server timeouts and size limits (R4, F1).
type HTTPConfig struct {
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout"`
	ReadTimeout       time.Duration `yaml:"read_timeout"`
	WriteTimeout      time.Duration `yaml:"write_timeout"`
	IdleTimeout       time.Duration `yaml:"idle_timeout"`
	ShutdownTimeout   time.Duration `yaml:"shutdown_timeout"`
	MaxHeaderBytes    int           `yaml:"max_header_bytes"`
	MaxBodyBytes      int64         `yaml:"max_body_bytes"`
}

// LimitsConfig holds upload and quota limits.
type LimitsConfig struct {
	UploadMaxBytes int64 `yaml:"upload_max_bytes"`
	OrgQuotaBytes  int64 `yaml:"org_quota_bytes"`
}

// Secret is a string that never prints: fmt, slog and YAML output show "[redacted]".
type Secret string

// String hides the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// MarshalYAML hides the value.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// Value returns the secret itself, for the one place that needs it.
func (s Secret) Value() string { return string(s) }

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		Addr:                "127.0.0.1:8080",
		DataDir:             "./data",
		SQLiteReaders:       4,
		CookieSecure:        "auto",
		LogLevel:            "info",
		LogFormat:           "json",
		DefaultLanguage:     "en",
		DefaultTimezone:     "UTC",
		RulesReloadInterval: 30 * time.Second,
		Auth: AuthConfig{
			Issuer:            "tracktwo",
			Audience:          "tracktwo",
			AccessTTL:         15 * time.Minute,
			RefreshTTL:        30 * 24 * time.Hour,
			InvitationTTL:     7 * 24 * time.Hour,
			KeyOverlap:        24 * time.Hour,
			LoginPerMinute:    10,
			LoginBurst:        5,
			MinPasswordLength: 12,
		},
		HTTP: HTTPConfig{
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       60 * time.Second,
			WriteTimeout:      120 * time.Second,
			IdleTimeout:       120 * time.Second,
			ShutdownTimeout:   20 * time.Second,
			MaxHeaderBytes:    64 << 10,
			MaxBodyBytes:      1 << 20,
		},
		Limits: LimitsConfig{
			UploadMaxBytes: 50 << 20,
			OrgQuotaBytes:  2 << 30,
		},
	}
}

// Load builds the configuration: defaults, then the file at path (if non-empty), then the
// environment (getenv, usually os.Getenv). It does not validate; call Validate.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	if path == "" {
		path = getenv("TRACKTWO_CONFIG")
	}
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("config file: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return c, fmt.Errorf("config file %s: %w", path, err)
		}
	}
	if err := applyEnv(&c, getenv); err != nil {
		return c, err
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c, nil
}

// applyEnv overlays TRACKTWO_* variables.
func applyEnv(c *Config, getenv func(string) string) error {
	str := map[string]*string{
		"TRACKTWO_ADDR":             &c.Addr,
		"TRACKTWO_BASE_URL":         &c.BaseURL,
		"TRACKTWO_DATA_DIR":         &c.DataDir,
		"TRACKTWO_COOKIE_SECURE":    &c.CookieSecure,
		"TRACKTWO_LOG_LEVEL":        &c.LogLevel,
		"TRACKTWO_LOG_FORMAT":       &c.LogFormat,
		"TRACKTWO_DEFAULT_LANGUAGE": &c.DefaultLanguage,
		"TRACKTWO_DEFAULT_TIMEZONE": &c.DefaultTimezone,
		"TRACKTWO_RULES_DIR":        &c.RulesDir,
		"TRACKTWO_STORAGE_COUNTRY":  &c.StorageCountry,
	}
	for k, p := range str {
		if v := getenv(k); v != "" {
			*p = v
		}
	}
	if v := getenv("TRACKTWO_DATABASE_URL"); v != "" {
		c.DatabaseURL = Secret(v)
	}
	if v := getenv("TRACKTWO_DEMO_PASSWORD"); v != "" {
		c.DemoPassword = Secret(v)
	}
	if v := getenv("TRACKTWO_TRUSTED_PROXIES"); v != "" {
		c.TrustedProxies = splitList(v)
	}
	durs := map[string]*time.Duration{
		"TRACKTWO_ACCESS_TTL":            &c.Auth.AccessTTL,
		"TRACKTWO_REFRESH_TTL":           &c.Auth.RefreshTTL,
		"TRACKTWO_RULES_RELOAD_INTERVAL": &c.RulesReloadInterval,
	}
	for k, p := range durs {
		if v := getenv(k); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("%s: %q is not a duration such as 15m or 720h", k, v)
			}
			*p = d
		}
	}
	ints := map[string]*int64{
		"TRACKTWO_UPLOAD_MAX_BYTES": &c.Limits.UploadMaxBytes,
		"TRACKTWO_ORG_QUOTA_BYTES":  &c.Limits.OrgQuotaBytes,
	}
	for k, p := range ints {
		if v := getenv(k); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: %q is not a whole number of bytes", k, v)
			}
			*p = n
		}
	}
	if v := getenv("TRACKTWO_LOGIN_PER_MINUTE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("TRACKTWO_LOGIN_PER_MINUTE: %q is not a whole number", v)
		}
		c.Auth.LoginPerMinute = n
	}
	return nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Postgres reports whether the database URL selects PostgreSQL.
func (c Config) Postgres() bool {
	u := c.DatabaseURL.Value()
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// SQLitePath is the SQLite database file used when no PostgreSQL URL is set.
func (c Config) SQLitePath() string {
	u := c.DatabaseURL.Value()
	if strings.HasPrefix(u, "sqlite://") {
		return strings.TrimPrefix(u, "sqlite://")
	}
	if strings.HasPrefix(u, "file:") {
		return strings.TrimPrefix(u, "file:")
	}
	return filepath.Join(c.DataDir, "tracktwo.db")
}

// SecureCookies reports whether cookies get the Secure attribute.
func (c Config) SecureCookies() bool {
	switch c.CookieSecure {
	case "true":
		return true
	case "false":
		return false
	}
	return strings.HasPrefix(c.BaseURL, "https://")
}

// Validate reports every problem in the configuration, each naming its key.
func (c Config) Validate() error {
	var probs []string
	add := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		add("addr (TRACKTWO_ADDR): %q is not host:port", c.Addr)
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("base_url (TRACKTWO_BASE_URL): %q must be an absolute http(s) URL", c.BaseURL)
	}
	if c.DataDir == "" {
		add("data_dir (TRACKTWO_DATA_DIR) must not be empty")
	}
	if u := c.DatabaseURL.Value(); u != "" && !c.Postgres() && !strings.HasPrefix(u, "sqlite://") && !strings.HasPrefix(u, "file:") {
		add("database_url (TRACKTWO_DATABASE_URL): must start with postgres://, postgresql://, sqlite:// or file:")
	}
	if c.SQLiteReaders < 1 || c.SQLiteReaders > 64 {
		add("sqlite_readers: %d is outside 1..64", c.SQLiteReaders)
	}
	switch c.CookieSecure {
	case "auto", "true", "false":
	default:
		add("cookie_secure (TRACKTWO_COOKIE_SECURE): %q must be auto, true or false", c.CookieSecure)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		add("log_level: %q must be debug, info, warn or error", c.LogLevel)
	}
	switch c.LogFormat {
	case "json", "text":
	default:
		add("log_format: %q must be json or text", c.LogFormat)
	}
	switch c.DefaultLanguage {
	case "en", "zh":
	default:
		add("default_language: %q must be en or zh", c.DefaultLanguage)
	}
	if _, err := time.LoadLocation(c.DefaultTimezone); err != nil || c.DefaultTimezone == "Local" {
		add("default_timezone: %q is not an IANA time zone", c.DefaultTimezone)
	}
	if c.RulesReloadInterval < 0 || (c.RulesReloadInterval > 0 && c.RulesReloadInterval < time.Second) {
		add("rules_reload_interval (TRACKTWO_RULES_RELOAD_INTERVAL): %s must be 0 (reload on SIGHUP only) or at least 1s", c.RulesReloadInterval)
	}
	if c.StorageCountry != "" && (len(c.StorageCountry) != 2 || strings.ToUpper(c.StorageCountry) != c.StorageCountry) {
		add("storage_country (TRACKTWO_STORAGE_COUNTRY): %q must be an upper-case ISO 3166 alpha-2 code such as US or CN", c.StorageCountry)
	}
	for _, p := range c.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				add("trusted_proxies: %q is neither an IP address nor a CIDR range", p)
			}
		}
	}
	a := c.Auth
	if a.AccessTTL < time.Minute || a.AccessTTL > time.Hour {
		add("auth.access_ttl: %s must be between 1m and 1h", a.AccessTTL)
	}
	if a.RefreshTTL < a.AccessTTL || a.RefreshTTL > 90*24*time.Hour {
		add("auth.refresh_ttl: %s must be between access_ttl and 2160h", a.RefreshTTL)
	}
	if a.InvitationTTL < time.Hour {
		add("auth.invitation_ttl: %s must be at least 1h", a.InvitationTTL)
	}
	if a.KeyOverlap < a.AccessTTL {
		add("auth.key_overlap: %s must be at least access_ttl so rotated keys keep live tokens valid", a.KeyOverlap)
	}
	if a.LoginPerMinute < 1 || a.LoginBurst < 1 {
		add("auth.login_per_minute and auth.login_burst must be at least 1")
	}
	if a.MinPasswordLength < 8 {
		add("auth.min_password_length: %d must be at least 8", a.MinPasswordLength)
	}
	if a.Issuer == "" || a.Audience == "" {
		add("auth.issuer and auth.audience must not be empty")
	}
	h := c.HTTP
	if h.ReadHeaderTimeout <= 0 || h.ReadTimeout <= 0 || h.WriteTimeout <= 0 || h.IdleTimeout <= 0 {
		add("http: every timeout must be positive")
	}
	if h.MaxHeaderBytes < 4096 {
		add("http.max_header_bytes: %d must be at least 4096", h.MaxHeaderBytes)
	}
	if h.MaxBodyBytes < 1024 {
		add("http.max_body_bytes: %d must be at least 1024", h.MaxBodyBytes)
	}
	if c.Limits.UploadMaxBytes < 1024 {
		add("limits.upload_max_bytes (TRACKTWO_UPLOAD_MAX_BYTES): %d must be at least 1024", c.Limits.UploadMaxBytes)
	}
	if c.Limits.OrgQuotaBytes < c.Limits.UploadMaxBytes {
		add("limits.org_quota_bytes: must be at least upload_max_bytes")
	}
	if len(probs) > 0 {
		return errors.New("configuration is invalid:\n  - " + strings.Join(probs, "\n  - "))
	}
	return nil
}
