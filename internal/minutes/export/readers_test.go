package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tracktwo/tracktwo/internal/minutes"
)

// Tests with real readers: poppler's pdftotext for PDF, LibreOffice for DOCX.

func TestPDFTextHasChineseAndEnglish(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	for _, lang := range []Lang{LangEN, LangZH, LangBoth} {
		t.Run(string(lang), func(t *testing.T) {
			text := squash(pdfToText(t, render(t, FormatPDF, v, sampleOptions(lang))))
			var want []string
			if lang != LangZH {
				want = append(want, "Normsforcriticalinfrastructure", "Bothsidesvaluerestraint.", "AliceArcher(HarborInstitute)", "WangBo")
			}
			if lang != LangEN {
				want = append(want, "关键基础设施网络规范", "双方重视克制。", "王波", "两位共同主席致开幕辞。双方就关键基础设施保护")
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("pdftotext output lacks %q", w)
				}
			}
		})
	}
}

func TestPDFWrapsLongChineseText(t *testing.T) {
	v := minutes.Redact(sampleDoc(), minutes.LevelFull, sampleSpeakers())
	text := pdfToText(t, render(t, FormatPDF, v, sampleOptions(LangZH)))
	long := "我们应当" + strings.Repeat("继续保持沟通渠道畅通，", 12)
	lines := 0
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimSpace(ln)
		if ln != "" && strings.Contains(long, ln) {
			lines++
			if strings.HasPrefix(ln, "，") {
				t.Errorf("line starts with closing punctuation: %q", ln)
			}
		}
	}
	if lines < 2 {
		t.Fatalf("long Chinese statement was not wrapped onto several lines:\n%s", text)
	}
	if !strings.Contains(squash(text), squash(long)) {
		t.Fatal("wrapped Chinese text lost characters")
	}
}

func TestPDFPassesQPDFCheck(t *testing.T) {
	tool := needTool(t, "qpdf", "qpdf")
	v := minutes.Redact(sampleDoc(), minutes.LevelChatham, sampleSpeakers())
	path := filepath.Join(t.TempDir(), "m.pdf")
	if err := os.WriteFile(path, render(t, FormatPDF, v, sampleOptions(LangBoth)), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool, "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

func TestDOCXConvertsWithLibreOffice(t *testing.T) {
	if testing.Short() && os.Getenv("TRACKTWO_CI") == "" {
		t.Skip("LibreOffice conversion takes seconds: skipped with -short (always run when TRACKTWO_CI is set)")
	}
	tool := needTool(t, "libreoffice", "libreoffice-writer-nogui")
	v := minutes.Redact(sampleDoc(), minutes.LevelChatham, sampleSpeakers())
	dir := t.TempDir()
	in := filepath.Join(dir, "minutes.docx")
	if err := os.WriteFile(in, render(t, FormatDOCX, v, sampleOptions(LangBoth)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir, "TMPDIR="+dir)
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(90 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("libreoffice timed out")
	}
	if err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "minutes.pdf"))
	if err != nil {
		t.Fatalf("no PDF produced: %v\n%s", err, out)
	}
	text := squash(pdfToText(t, pdf))
	for _, w := range []string{"ChathamHouseRule", "查塔姆宫规则", "Bothsidesvaluerestraint.", "双方重视克制。", "Aparticipantfromthe", "一位来自中方的与会者"} {
		if !strings.Contains(text, w) {
			t.Errorf("LibreOffice rendering lacks %q", w)
		}
	}
	for _, secret := range []string{"WangBo", "王波", "EasternPolicyAcademy", "Secretremark"} {
		if strings.Contains(text, secret) {
			t.Errorf("LibreOffice rendering leaks %q", secret)
		}
	}
}
