package files

import (
	"bytes"
	"errors"
	"io"
)

// DetectHeader decides what header, the first bytes of a file (at least
// HeaderSize of them, or the whole file if shorter), claims to be, so that a
// refused upload (HTML, SVG, an image, a program) can be stopped before its
// body is read. A nil error is provisional: a PDF's trailer and a DOCX's ZIP
// container can only be checked with the whole file (Detect, Store.Put).
func DetectHeader(header []byte) (Kind, error) {
	s := newSniffer(KindUnknown)
	if _, err := s.Write(header); err != nil {
		return KindUnknown, err
	}
	if len(header) == 0 {
		return KindUnknown, ErrEmpty
	}
	if s.cand == candUndecided {
		s.decide()
		if s.err != nil {
			return KindUnknown, s.err
		}
		s.feed(s.head)
	}
	final := len(header) < HeaderSize
	if s.cand == candText && !s.tagChecked {
		s.checkLeadingTag(final)
		if s.err != nil {
			return KindUnknown, s.err
		}
		if final && !s.visible {
			return KindUnknown, ErrEmpty
		}
	}
	if s.err != nil {
		return KindUnknown, s.err
	}
	return candidateKind(s.cand), nil
}

// Detect reads r to its end and decides its type from its content alone,
// with the default Limits; see DetectWithLimits.
func Detect(r io.Reader) (Kind, error) {
	return DetectWithLimits(r, Limits{}, "")
}

// DetectWithLimits reads r to its end (at most lim.MaxSize bytes; more gives
// a *TooLargeError) and decides its type from its content alone: a PDF
// ("%PDF-" header and "%%EOF" trailer), a DOCX (a ZIP container passing
// CheckDOCX) or Markdown (UTF-8 text without NUL or control characters that
// does not open an HTML, SVG or XML document). claimedName, the uploader's
// file name, only words the error ("the file is HTML, not a PDF file"); it
// never influences the decision.
//
// ZIP content is held in memory for the container check; Store.Put checks
// it from its temporary file instead.
func DetectWithLimits(r io.Reader, lim Limits, claimedName string) (Kind, error) {
	lim = lim.withDefaults()
	claimed := KindFromName(claimedName)
	s := newSniffer(claimed)
	var zipBuf *bytes.Buffer
	buf := make([]byte, 32<<10)
	lr := &io.LimitedReader{R: r, N: lim.MaxSize + 1}
	for {
		n, rerr := lr.Read(buf)
		if n > 0 {
			if s.n+int64(n) > lim.MaxSize {
				return KindUnknown, &TooLargeError{Limit: lim.MaxSize}
			}
			if _, err := s.Write(buf[:n]); err != nil {
				return KindUnknown, err
			}
			// Keep the bytes while they may be a ZIP (checked from memory).
			switch s.cand {
			case candUndecided, candZIP:
				if zipBuf == nil {
					zipBuf = new(bytes.Buffer)
				}
				zipBuf.Write(buf[:n])
			default:
				zipBuf = nil
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return KindUnknown, rerr
		}
	}
	return s.result(zipBuf, claimed, lim)
}

// result finishes the sniffer, checking a ZIP container held in zipBuf (or
// in the head when zipBuf is nil).
func (s *sniffer) result(zipBuf *bytes.Buffer, claimed Kind, lim Limits) (Kind, error) {
	cand, err := s.finish()
	if err != nil {
		return KindUnknown, err
	}
	if cand == candZIP {
		data := s.head
		if zipBuf != nil {
			data = zipBuf.Bytes()
		}
		if err := CheckDOCX(bytes.NewReader(data), int64(len(data)), lim); err != nil {
			return KindUnknown, withClaim(err, claimed)
		}
	}
	return candidateKind(cand), nil
}

// withClaim fills the claimed kind into an *UnsupportedTypeError.
func withClaim(err error, claimed Kind) error {
	var ute *UnsupportedTypeError
	if errors.As(err, &ute) && ute.Claimed == KindUnknown {
		ute.Claimed = claimed
	}
	return err
}

func candidateKind(c candidate) Kind {
	switch c {
	case candPDF:
		return KindPDF
	case candZIP:
		return KindDOCX
	case candText:
		return KindMarkdown
	}
	return KindUnknown
}
