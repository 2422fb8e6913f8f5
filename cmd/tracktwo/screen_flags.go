package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tracktwo/tracktwo/internal/app"
)

// screenRunFlags recomputes the flags of every session whose inputs changed.
func screenRunFlags(ctx context.Context, a *app.App, out io.Writer) error {
	start := time.Now()
	n, err := a.Screening.Sweep(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "flags: %d sessions checked in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
