package files

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestCheckQuota(t *testing.T) {
	tests := []struct {
		name              string
		used, add, limit  int64
		wantErr, rejected bool
	}{
		{name: "fits-below-limit", used: 10, add: 20, limit: 100},
		{name: "fits-exactly-at-limit", used: 80, add: 20, limit: 100},
		{name: "unlimited-when-limit-zero", used: math.MaxInt64, add: math.MaxInt64, limit: 0},
		{name: "exceeds-by-one-byte", used: 80, add: 21, limit: 100, wantErr: true, rejected: true},
		{name: "exceeds-when-already-over", used: 200, add: 0, limit: 100, wantErr: true, rejected: true},
		{name: "exceeds-without-overflow", used: 10, add: math.MaxInt64, limit: 100, wantErr: true, rejected: true},
		{name: "refuses-negative-add", used: 10, add: -5, limit: 100, wantErr: true},
		{name: "refuses-negative-used", used: -10, add: 5, limit: 100, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckQuota(tt.used, tt.add, tt.limit)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CheckQuota = %v, want error %v", err, tt.wantErr)
			}
			if got := errors.Is(err, ErrQuotaExceeded); got != tt.rejected {
				t.Fatalf("errors.Is(ErrQuotaExceeded) = %v for %v", got, err)
			}
			var qe *QuotaError
			if tt.rejected && (!errors.As(err, &qe) || qe.Limit != tt.limit || !strings.Contains(err.Error(), "quota")) {
				t.Fatalf("err = %#v, want a *QuotaError", err)
			}
		})
	}
}

func TestQuotaMaxUpload(t *testing.T) {
	tests := []struct {
		name    string
		q       Quota
		perFile int64
		want    int64
	}{
		{"per-file-limit-when-unlimited", Quota{Used: 5, Limit: 0}, 50, 50},
		{"per-file-limit-when-quota-roomy", Quota{Used: 5, Limit: 1000}, 50, 50},
		{"remaining-quota-when-smaller", Quota{Used: 990, Limit: 1000}, 50, 10},
		{"zero-when-over-quota", Quota{Used: 2000, Limit: 1000}, 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.q.MaxUpload(tt.perFile); got != tt.want {
				t.Errorf("MaxUpload = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"}, {1, "1 byte"}, {1023, "1023 bytes"}, {1024, "1 KB"}, {1536, "1.5 KB"},
		{50 << 20, "50 MB"}, {5 << 30, "5 GB"}, {math.MaxInt64, "8 EB"},
	}
	for _, tt := range tests {
		if got := FormatSize(tt.n); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
