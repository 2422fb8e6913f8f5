// Command tracktwo is the whole Tracktwo application: the web server and its operations
// (migrations, demo data, organizations and users, backups, audit verification, key rotation).
// It only parses flags and wires; the logic lives in internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
	"github.com/tracktwo/tracktwo/internal/audit"
	"github.com/tracktwo/tracktwo/internal/auth"
	"github.com/tracktwo/tracktwo/internal/config"
	"github.com/tracktwo/tracktwo/internal/demo"
	"github.com/tracktwo/tracktwo/internal/org"
	"github.com/tracktwo/tracktwo/internal/store"
	"github.com/tracktwo/tracktwo/internal/tenant"
	"github.com/tracktwo/tracktwo/internal/web"
)

const usage = `tracktwo — coordinate track-two dialogues.

Usage: tracktwo <command> [flags]

Commands:
  serve            run the web server
  demo             migrate, seed demo data and serve (prints where to log in)
  migrate up       apply pending database migrations
  migrate status   list migrations and whether they are applied
  org create       create an organization (a tenant)
  user create      create a user in an organization
  backup           write an online, consistent SQLite snapshot
  audit verify     check the audit log's hash chain
  keys rotate      start signing with a new key (old tokens stay valid for auth.key_overlap)
  screen match     compare two names ("A" "B"), or pairs from --csv FILE
  screen search    search the imported watchlists for a name
  screen import    import a watchlist (--format ofac|csl|csv FILE...), replacing it atomically
  screen run       re-screen everything (rebuild the index, recompute flags)

Every command takes --config FILE (or TRACKTWO_CONFIG) and TRACKTWO_* variables; see
configs/tracktwo.yaml. Run "tracktwo <command> --help" for its flags.
`

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "tracktwo:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(out, usage)
		return nil
	}
	cmd, rest := args[0], args[1:]
	if (cmd == "migrate" || cmd == "org" || cmd == "user" || cmd == "audit" || cmd == "keys" || cmd == "screen") && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	switch cmd {
	case "serve":
		return cmdServe(rest, out, false)
	case "demo":
		return cmdServe(rest, out, true)
	case "migrate up", "migrate":
		return cmdMigrate(rest, out, false)
	case "migrate status":
		return cmdMigrate(rest, out, true)
	case "org create":
		return cmdOrgCreate(rest, out)
	case "user create":
		return cmdUserCreate(rest, out)
	case "backup":
		return cmdBackup(rest, out)
	case "audit verify":
		return cmdAuditVerify(rest, out)
	case "keys rotate":
		return cmdKeysRotate(rest, out)
	case "screen match":
		return cmdScreenMatch(rest, out)
	case "screen search":
		return cmdScreenSearch(rest, out)
	case "screen import":
		return cmdScreenImport(rest, out)
	case "screen run":
		return cmdScreenRun(rest, out)
	}
	return fmt.Errorf("unknown command %q\n\n%s", strings.Join(args[:min(2, len(args))], " "), usage)
}

// flags makes a subcommand's flag set with the shared --config flag.
func flags(name, help string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfgPath := fs.String("config", "", "configuration file (default: TRACKTWO_CONFIG, else built-in defaults)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: tracktwo %s [flags]\n\n%s\n\nFlags:\n", name, help)
		fs.PrintDefaults()
	}
	return fs, cfgPath
}

// parse parses flags; --help prints usage and stops without error.
func parse(fs *flag.FlagSet, args []string) (bool, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// open loads and validates the configuration, opens and migrates the database and wires the app.
func open(ctx context.Context, cfgPath string, overrides func(*config.Config)) (*app.App, error) {
	cfg, err := config.Load(cfgPath, os.Getenv)
	if err != nil {
		return nil, err
	}
	if overrides != nil {
		overrides(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := app.NewLogger(cfg)
	db, err := app.OpenDB(cfg, log)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	a, err := app.Build(ctx, cfg, db, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// openDB loads and validates the configuration and opens the database without migrating it (for
// commands that must not change the schema: migrate status, backup, audit verify).
func openDB(cfgPath string) (config.Config, *store.DB, error) {
	cfg, err := config.Load(cfgPath, os.Getenv)
	if err != nil {
		return cfg, nil, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, nil, err
	}
	db, err := app.OpenDB(cfg, app.NewLogger(cfg))
	return cfg, db, err
}

func cmdServe(args []string, out io.Writer, withDemo bool) error {
	name, help := "serve", "Run the web server (migrations are applied first)."
	if withDemo {
		name, help = "demo", "Migrate, seed the demo data (two organizations, one per side, and their users) and serve.\n"+
			"The demo users' password is TRACKTWO_DEMO_PASSWORD, or a generated one that is printed."
	}
	fs, cfgPath := flags(name, help)
	addr := fs.String("addr", "", "listen address (default: TRACKTWO_ADDR, else 127.0.0.1:8080)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	start := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := open(ctx, *cfgPath, func(c *config.Config) {
		if *addr != "" {
			if c.BaseURL == "http://"+c.Addr {
				c.BaseURL = "http://" + *addr
			}
			c.Addr = *addr
		}
		if withDemo && c.LogLevel == "info" && os.Getenv("TRACKTWO_LOG_LEVEL") == "" {
			c.LogLevel = "warn" // keep the demo's terminal readable
		}
	})
	if err != nil {
		return err
	}
	defer a.DB.Close()
	if withDemo {
		pw, generated := a.Config.DemoPassword.Value(), false
		if pw == "" {
			pw, generated = demo.GeneratePassword(), true
		}
		if _, err := demo.Seed(ctx, a, pw); err != nil {
			return fmt.Errorf("demo seed: %w", err)
		}
		printDemo(out, a.Config.BaseURL, pw, generated)
	}
	return serve(ctx, a, start)
}

func printDemo(out io.Writer, base, pw string, generated bool) {
	fmt.Fprintf(out, "\nTracktwo demo is running. Log in at %s/login\n\n", base)
	fmt.Fprintf(out, "  US NGO (Atlantic-Pacific Dialogue Center):  %s, %s\n", demo.USAdmin, demo.USOrganizer)
	fmt.Fprintf(out, "  Chinese university (京华大学):               %s, %s\n", demo.CNAdmin, demo.CNOrganizer)
	if generated {
		fmt.Fprintf(out, "  Password for all four (generated; set TRACKTWO_DEMO_PASSWORD to choose one): %s\n\n", pw)
	} else {
		fmt.Fprintf(out, "  Password for all four: the value of TRACKTWO_DEMO_PASSWORD\n\n")
	}
	fmt.Fprintln(out, "Press Ctrl+C to stop.")
}

// serve runs the HTTP server until ctx ends, then drains requests (R4).
func serve(ctx context.Context, a *app.App, start time.Time) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	srv := web.HTTPServer(a.Config, a.Web.Handler(), a.Log)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go a.Screening.Run(ctx, 0) // re-screens at start, after list imports and rule reloads, and every few minutes
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go a.WatchRules(ctx, hup) // rules_dir changed or SIGHUP: validate, swap, re-screen
	a.Log.Warn("listening", slog.String("addr", ln.Addr().String()), slog.String("base_url", a.Config.BaseURL),
		slog.Duration("startup", time.Since(start)), slog.String("database", string(a.DB.Dialect())))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Warn("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), a.Config.HTTP.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func cmdMigrate(args []string, out io.Writer, status bool) error {
	name := "migrate up"
	if status {
		name = "migrate status"
	}
	fs, cfgPath := flags(name, "Apply pending migrations (up) or list them (status).")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	_, db, err := openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	if status {
		st, err := db.MigrationStatuses(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied " + s.AppliedAt.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(out, "%05d  %-40s %s\n", s.Version, s.Name, state)
		}
		return nil
	}
	applied, err := db.Migrate(ctx)
	for _, m := range applied {
		fmt.Fprintln(out, "applied", m)
	}
	if err == nil && len(applied) == 0 {
		fmt.Fprintln(out, "nothing to apply: the database is up to date")
	}
	return err
}

func cmdOrgCreate(args []string, out io.Writer) error {
	fs, cfgPath := flags("org create", "Create an organization (a tenant).")
	in := org.Input{Slug: fs.String("slug", "", "short unique name, e.g. jinghua-university (required)"),
		NameEN: fs.String("name", "", "English name (required)"), NameZH: fs.String("name-zh", "", "Chinese name"),
		Country:    fs.String("country", "", "US, CN, HK, MO, TW or OTHER (required)"),
		Kind:       fs.String("kind", "ngo", "ngo, university, think_tank, foundation, research_institute, association, other"),
		Field:      fs.String("field", "social_science", "natural_science, engineering, social_science, policy, mixed"),
		ONGOStatus: fs.String("ongo-status", "none", "registered_office, temporary_filings, none, not_applicable"),
		USState:    fs.String("us-state", "", "two-letter state of a US organization")}
	if ok, err := parse(fs, args); !ok {
		return err
	}
	ctx := context.Background()
	a, err := open(ctx, *cfgPath, nil)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	if *in.Country == "CN" && *in.ONGOStatus == "none" {
		*in.ONGOStatus = "not_applicable"
	}
	o, err := a.Orgs.Create(ctx, in)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(out, "created organization %s (%s)\n", o.Slug, o.ID)
	return nil
}

func cmdUserCreate(args []string, out io.Writer) error {
	fs, cfgPath := flags("user create", "Create a user. The password comes from TRACKTWO_PASSWORD, or is generated and printed.")
	orgSlug := fs.String("org", "", "organization slug (required)")
	email := fs.String("email", "", "e-mail (required)")
	name := fs.String("name", "", "name (required)")
	role := fs.String("role", "member", "owner, admin, organizer or member")
	lang := fs.String("language", "en", "en or zh")
	tz := fs.String("timezone", "UTC", "IANA time zone")
	platform := fs.Bool("platform-admin", false, "also make the user a platform administrator")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	ctx := context.Background()
	a, err := open(ctx, *cfgPath, nil)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	o, err := a.Orgs.BySlug(ctx, *orgSlug)
	if err != nil {
		return fmt.Errorf("organization %q not found", *orgSlug)
	}
	pw, generated := os.Getenv("TRACKTWO_PASSWORD"), false
	if pw == "" {
		pw, generated = demo.GeneratePassword(), true
	}
	u, err := a.Auth.CreateUser(ctx, auth.NewUserInput{OrgID: o.ID, Email: *email, Name: *name, Password: pw,
		Role: tenant.Role(*role), Language: *lang, Timezone: *tz, PlatformAdmin: *platform})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(out, "created user %s (%s) in %s as %s\n", u.Email, u.ID, o.Slug, u.Role)
	if generated {
		fmt.Fprintf(out, "password: %s\n", pw)
	}
	return nil
}

func cmdBackup(args []string, out io.Writer) error {
	fs, cfgPath := flags("backup", "Write an online, consistent snapshot of the SQLite database (VACUUM INTO); safe while the server runs.")
	dest := fs.String("out", "", "destination file (default: data dir/backups/tracktwo-<UTC time>.db)")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	cfg, db, err := openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *dest == "" {
		*dest = cfg.DataDir + "/backups/tracktwo-" + time.Now().UTC().Format("20060102T150405Z") + ".db"
	}
	start := time.Now()
	if err := db.Backup(context.Background(), *dest); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written to %s in %s\n", *dest, time.Since(start).Round(time.Millisecond))
	return nil
}

func cmdAuditVerify(args []string, out io.Writer) error {
	fs, cfgPath := flags("audit verify", "Check the audit log's hash chain; exits 1 when it was tampered with.")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	cfg, db, err := openDB(*cfgPath)
	if err != nil {
		return err
	}
	defer db.Close()
	log := audit.New(store.NewAudit(db), store.Now, func() string { return "" }, app.NewLogger(cfg))
	n, problems, err := log.Verify(context.Background())
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		fmt.Fprint(out, audit.Describe(problems))
		return fmt.Errorf("audit log: %d problem(s) in %d events: it has been tampered with", len(problems), n)
	}
	fmt.Fprintf(out, "audit log ok: %d events, chain intact\n", n)
	return nil
}

func cmdKeysRotate(args []string, out io.Writer) error {
	fs, cfgPath := flags("keys rotate", "Start signing access tokens with a new key.")
	now := fs.Bool("retire-now", false, "retire the old keys at once (after a leak): every live token stops working")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	ctx := context.Background()
	a, err := open(ctx, *cfgPath, nil)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	kid, err := a.Auth.Keyring().Rotate(ctx)
	if err != nil {
		return err
	}
	if *now {
		if err := a.Auth.Keyring().RetireNow(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "signing with new key %s\n", kid)
	return nil
}

// describe renders validation errors one per line for the terminal.
func describe(err error) error {
	return errors.New(strings.ReplaceAll(err.Error(), "; ", "\n  "))
}
