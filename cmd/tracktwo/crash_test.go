package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// buildBinary compiles tracktwo once per test run, as the README builds it (-tags nomsgpack).
var buildBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "tracktwo-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "tracktwo")
	out, err := exec.Command("go", "build", "-tags", "nomsgpack", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

type proc struct {
	cmd  *exec.Cmd
	addr string
}

func startServer(t *testing.T, bin string, env []string) *proc {
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--addr", addr)
	cmd.Env = append(env, "TRACKTWO_LOG_LEVEL=error")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return &proc{cmd: cmd, addr: addr}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	t.Fatalf("server did not start: %s", stderr.String())
	return nil
}

func runCLI(t *testing.T, bin string, env []string, args ...string) string {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("tracktwo %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func postJSON(url, tok string, body any) (*http.Response, map[string]any, error) {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", url, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp, m, nil
}

// TestKillDuringWritesLosesNothing covers R1: writes acknowledged before a kill -9 are all there
// after a restart, and SQLite's integrity check is ok.
func TestKillDuringWritesLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	env := append(os.Environ(), "TRACKTWO_DATA_DIR="+dataDir, "TRACKTWO_DATABASE_URL=", "TRACKTWO_LOGIN_PER_MINUTE=100000",
		"TRACKTWO_PASSWORD=crash-test-passphrase-1")
	runCLI(t, bin, env, "org", "create", "--slug", "crash", "--name", "Crash Test NGO", "--country", "US")
	runCLI(t, bin, env, "user", "create", "--org", "crash", "--email", "admin@crash.test", "--name", "Admin", "--role", "admin")
	p := startServer(t, bin, env)
	base := "http://" + p.addr
	_, login, err := postJSON(base+"/api/v1/auth/login", "", map[string]string{"email": "admin@crash.test", "password": "crash-test-passphrase-1"})
	if err != nil || login["access_token"] == nil {
		t.Fatalf("login: %v %v", err, login)
	}
	tok := login["access_token"].(string)
	var me map[string]any
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, _ := http.DefaultClient.Do(req)
	_ = json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	orgID := me["org"].(map[string]any)["id"].(string)

	var mu sync.Mutex
	var acked []string
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				resp, m, err := postJSON(base+"/api/v1/orgs/"+orgID+"/invitations", tok,
					map[string]string{"email": fmt.Sprintf("p%d-%d@crash.test", w, n), "role": "member"})
				if err != nil {
					return // the server is gone
				}
				if resp.StatusCode == 201 {
					mu.Lock()
					acked = append(acked, m["id"].(string))
					mu.Unlock()
				}
			}
		}(w)
	}
	time.Sleep(1500 * time.Millisecond)
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_ = p.cmd.Wait()
	cancel()
	wg.Wait()
	if len(acked) < 10 {
		t.Fatalf("only %d writes acknowledged before the kill", len(acked))
	}

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dataDir, "tracktwo.db")+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&verdict); err != nil || verdict != "ok" {
		t.Fatalf("integrity check after kill -9: %q %v", verdict, err)
	}
	present := map[string]bool{}
	rows, err := db.Query("SELECT id FROM invitations")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		present[id] = true
	}
	rows.Close()
	var lost []string
	for _, id := range acked {
		if !present[id] {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		t.Fatalf("%d of %d acknowledged writes lost: %s", len(lost), len(acked), strings.Join(lost[:min(5, len(lost))], ", "))
	}
	t.Logf("%d acknowledged writes, all present after kill -9", len(acked))
	// The server starts again on the same data, and the audit chain is intact.
	p2 := startServer(t, bin, env)
	_ = p2.cmd.Process.Signal(syscall.SIGTERM)
	_ = p2.cmd.Wait()
	if out := runCLI(t, bin, env, "audit", "verify"); !strings.Contains(out, "chain intact") {
		t.Fatalf("audit verify: %s", out)
	}
}

// TestBackupUnderWriteLoad covers R5: `tracktwo backup` while the server takes writes gives a
// consistent database that opens and passes the integrity check.
func TestBackupUnderWriteLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the real binary")
	}
	bin, err := buildBinary()
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	env := append(os.Environ(), "TRACKTWO_DATA_DIR="+dataDir, "TRACKTWO_DATABASE_URL=", "TRACKTWO_LOGIN_PER_MINUTE=100000",
		"TRACKTWO_PASSWORD=backup-test-passphrase-1")
	runCLI(t, bin, env, "org", "create", "--slug", "bk", "--name", "Backup NGO", "--country", "US")
	runCLI(t, bin, env, "user", "create", "--org", "bk", "--email", "admin@bk.test", "--name", "Admin", "--role", "admin")
	p := startServer(t, bin, env)
	defer func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() }()
	base := "http://" + p.addr
	_, login, _ := postJSON(base+"/api/v1/auth/login", "", map[string]string{"email": "admin@bk.test", "password": "backup-test-passphrase-1"})
	tok, _ := login["access_token"].(string)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for n := 0; ctx.Err() == nil; n++ {
			req, _ := http.NewRequest("PATCH", base+"/api/v1/me", strings.NewReader(fmt.Sprintf(`{"name":"n%d"}`, n)))
			req.Header.Set("Authorization", "Bearer "+tok)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}
	}()
	time.Sleep(300 * time.Millisecond)
	dest := filepath.Join(t.TempDir(), "snap.db")
	out := runCLI(t, bin, env, "backup", "--out", dest)
	if !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %s", out)
	}
	db, err := sql.Open("sqlite3", "file:"+dest+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var verdict string
	var users int
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&verdict); err != nil || verdict != "ok" {
		t.Fatalf("backup integrity: %q %v", verdict, err)
	}
	if err := db.QueryRow("SELECT COUNT(*) FROM users").Scan(&users); err != nil || users != 1 {
		t.Fatalf("backup content: %d users, %v", users, err)
	}
	// Restore = start a server on the copy.
	restored := t.TempDir()
	raw, _ := os.ReadFile(dest)
	_ = os.WriteFile(filepath.Join(restored, "tracktwo.db"), raw, 0o600)
	renv := append(os.Environ(), "TRACKTWO_DATA_DIR="+restored, "TRACKTWO_DATABASE_URL=")
	p2 := startServer(t, bin, renv)
	_, l2, _ := postJSON("http://"+p2.addr+"/api/v1/auth/login", "", map[string]string{"email": "admin@bk.test", "password": "backup-test-passphrase-1"})
	_ = p2.cmd.Process.Signal(syscall.SIGTERM)
	_ = p2.cmd.Wait()
	if l2["access_token"] == nil {
		t.Fatalf("login on the restored copy failed: %v", l2)
	}
}

// TestHelpOnEverySubcommand: every subcommand answers --help without error.
func TestHelpOnEverySubcommand(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"demo", "--help"}, {"migrate", "up", "--help"},
		{"migrate", "status", "--help"}, {"org", "create", "--help"}, {"user", "create", "--help"}, {"backup", "--help"},
		{"audit", "verify", "--help"}, {"keys", "rotate", "--help"}} {
		var out bytes.Buffer
		if err := run(args, &out); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
	if err := run([]string{"frobnicate"}, &bytes.Buffer{}); err == nil {
		t.Error("unknown command accepted")
	}
}
