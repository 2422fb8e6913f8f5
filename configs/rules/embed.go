// Package rulefiles embeds the restriction rules shipped with Tracktwo
// (configs/rules/*.yaml), the default rule set when no rules directory is
// configured. Load them with rules.LoadFS(rulefiles.FS, ".").
package rulefiles

import "embed"

// FS holds the shipped rule files.
//
//go:embed *.yaml
var FS embed.FS
