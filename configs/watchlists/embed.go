// Package watchlistfiles embeds the column maps shipped with Tracktwo
// (configs/watchlists/*.yaml): how to read the OFAC SDN files, the US
// Consolidated Screening List, and an example for a custom list.
package watchlistfiles

import "embed"

// FS holds the shipped column maps.
//
//go:embed *.yaml
var FS embed.FS
