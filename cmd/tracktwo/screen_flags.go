package main

import (
	"context"
	"io"

	"github.com/tracktwo/tracktwo/internal/app"
)

// screenRunFlags recomputes every flag (filled in once flags exist).
func screenRunFlags(ctx context.Context, a *app.App, out io.Writer) error { return nil }
