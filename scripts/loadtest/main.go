// Command loadtest measures Tracktwo the way docs/benchmarks.md reports it: it builds the binary
// as the README builds it (-tags nomsgpack), seeds the demo data on a fresh SQLite database,
// measures start-up time and idle resident memory, then drives each route with N concurrent
// connections for a fixed time and prints requests/s and latency percentiles, each as a ratio to
// /healthz measured in the same run.
//
//	go run ./scripts/loadtest [-c 32] [-d 10s] [-out docs/benchmarks/foundation-load.md]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

const password = "load-test-passphrase-2026"

func main() {
	conns := flag.Int("c", 32, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration per route")
	out := flag.String("out", "", "also write the markdown table to this file")
	flag.Parse()
	if err := run(*conns, *dur, *out); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(conns int, dur time.Duration, out string) error {
	tmp, err := os.MkdirTemp("", "tracktwo-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "tracktwo")
	// The product build (README, "Building"): gin's nomsgpack tag leaves its unused MessagePack codec out.
	if b, err := exec.Command("go", "build", "-tags", "nomsgpack", "-o", bin, "./cmd/tracktwo").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, b)
	}
	env := append(os.Environ(), "TRACKTWO_DATA_DIR="+filepath.Join(tmp, "data"), "TRACKTWO_DATABASE_URL=",
		"TRACKTWO_DEMO_PASSWORD="+password, "TRACKTWO_LOGIN_PER_MINUTE=100000") // default (info) logging, to /dev/null
	// Seed: run the demo once, stop it.
	addr := freeAddr()
	demo := exec.Command(bin, "demo", "--addr", addr)
	demo.Env = env
	if err := demo.Start(); err != nil {
		return err
	}
	if err := waitHealthy(addr, 60*time.Second); err != nil {
		return err
	}
	_ = demo.Process.Signal(os.Interrupt)
	_ = demo.Wait()

	// Start-up: exec to the first healthy answer, on a migrated database (best of 5).
	var startup time.Duration
	for i := 0; i < 5; i++ {
		addr = freeAddr()
		t0 := time.Now()
		srv := exec.Command(bin, "serve", "--addr", addr)
		srv.Env = env
		if err := srv.Start(); err != nil {
			return err
		}
		if err := waitHealthy(addr, 10*time.Second); err != nil {
			return err
		}
		if d := time.Since(t0); startup == 0 || d < startup {
			startup = d
		}
		if i < 4 {
			_ = srv.Process.Signal(os.Interrupt)
			_ = srv.Wait()
			continue
		}
		defer func() { _ = srv.Process.Signal(os.Interrupt); _ = srv.Wait() }()
		time.Sleep(2 * time.Second)
		idleRSS := rss(srv.Process.Pid)
		idleAnon, idleFile := rssParts(srv.Process.Pid)
		base := "http://" + addr
		tok, cookie, err := login(base)
		if err != nil {
			return err
		}
		targets := []target{
			{"GET /healthz (baseline)", "/healthz", nil},
			{"GET /api/v1/me (Bearer)", "/api/v1/me", map[string]string{"Authorization": "Bearer " + tok}},
			{"GET / dashboard page (cookie)", "/", map[string]string{"Cookie": cookie}},
		}
		targets = append(targets, extraTargets(base, tok, cookie)...)
		var rows []result
		for _, tg := range targets {
			r := drive(base+tg.path, tg.hdr, conns, dur)
			r.name = tg.name
			rows = append(rows, r)
		}
		loadRSS := rss(srv.Process.Pid)
		var md bytes.Buffer
		fmt.Fprintf(&md, "Command: `go run ./scripts/loadtest -c %d -d %s` on %s, %d CPUs (load generator and server share them), SQLite, demo data.\n\n",
			conns, dur, time.Now().UTC().Format("2006-01-02"), runtime.NumCPU())
		fmt.Fprintf(&md, "| route | requests/s | ratio to /healthz | p50 | p99 | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
		for _, r := range rows {
			fmt.Fprintf(&md, "| %s | %.0f | %.0f%% | %s | %s | %d |\n", r.name, r.rps, 100*r.rps/rows[0].rps,
				r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.errors)
		}
		fmt.Fprintf(&md, "\nStart-up (exec to first healthy answer, migrated database, best of 5): %s. Resident memory: %.1f MB idle after start "+
			"(%.1f MB anonymous: heap, stacks, runtime; %.1f MB file-backed: pages of the binary mapped in), %.1f MB after the load.\n",
			startup.Round(time.Millisecond), float64(idleRSS)/1024, float64(idleAnon)/1024, float64(idleFile)/1024, float64(loadRSS)/1024)
		os.Stdout.Write(md.Bytes())
		if out != "" {
			return os.WriteFile(out, md.Bytes(), 0o644)
		}
	}
	return nil
}

// extraTargets lets later areas add routes to measure (they need ids from the demo data).
func extraTargets(base, tok, cookie string) []target {
	return nil
}

// target is one route to drive.
type target struct {
	name, path string
	hdr        map[string]string
}

type result struct {
	name     string
	rps      float64
	p50, p99 time.Duration
	errors   int
}

func drive(url string, hdr map[string]string, conns int, dur time.Duration) result {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	deadline := time.Now().Add(dur)
	var mu sync.Mutex
	var lats []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, 4096)
			bad := 0
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest("GET", url, nil)
				for k, v := range hdr {
					req.Header.Set(k, v)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					bad++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					bad++
					continue
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			lats = append(lats, local...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	pct := func(p float64) time.Duration {
		if len(lats) == 0 {
			return 0
		}
		return lats[int(p*float64(len(lats)-1))]
	}
	tr.CloseIdleConnections()
	return result{rps: float64(len(lats)) / elapsed.Seconds(), p50: pct(0.50), p99: pct(0.99), errors: errs}
}

func login(base string) (token, cookie string, err error) {
	body, _ := json.Marshal(map[string]string{"email": "us-organizer@tracktwo.example", "password": password})
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	tok, _ := m["access_token"].(string)
	if tok == "" {
		return "", "", fmt.Errorf("login failed: %v", m)
	}
	return tok, "tt_at=" + tok, nil
}

func waitHealthy(addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("server at %s not healthy after %s", addr, limit)
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// rss reads the resident set size in KiB from /proc.
func rss(pid int) int64 { return statusKiB(pid, "VmRSS:") }

// rssParts reads the anonymous (heap, stacks, runtime and C memory) and file-backed (the binary's
// pages mapped in, which the kernel can drop and re-read at will) parts of the resident set, in
// KiB. How much of the binary is resident depends on the page cache and the block device's
// read-ahead as much as on the program.
func rssParts(pid int) (anon, file int64) {
	return statusKiB(pid, "RssAnon:"), statusKiB(pid, "RssFile:")
}

// statusKiB reads one "Name: N kB" line of /proc/PID/status.
func statusKiB(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), field) {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(sc.Text(), field)), "%d", &kb)
			return kb
		}
	}
	return 0
}
