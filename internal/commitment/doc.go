// Package commitment holds the pure core of commitment tracking: confidence-building
// commitments taken on in dialogue sessions, their assessments on recognised scales —
// progress as the Open Government Partnership's Independent Reporting Mechanism (IRM)
// rates it, and compliance per party (−1, 0, +1) as the G20 Research Group scores it —
// with interim and final assessments and recalibrations that keep the history; per-party
// summaries; overdue computation against an injected clock; and an accessible SVG bar chart
// of per-party compliance.
//
// The package does no I/O beyond writing the chart to an io.Writer and imports no web or
// database code.
package commitment
