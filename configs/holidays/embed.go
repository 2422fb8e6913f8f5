// Package holidaydata embeds the holiday calendars (us.yaml, cn.yaml) so the binary carries
// them; load them with holidays.LoadFS(holidaydata.FS).
package holidaydata

import "embed"

// FS holds every *.yaml file of this directory.
//
//go:embed *.yaml
var FS embed.FS
