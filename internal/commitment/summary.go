package commitment

// PartySummary is one party's compliance over a set of commitments, G20 Research Group style.
type PartySummary struct {
	Party Party `json:"party"`
	// Assessed counts the commitments binding the party that have a score for it.
	Assessed int `json:"assessed"`
	// Full, Partial and Non count the +1, 0 and −1 scores.
	Full    int `json:"full"`
	Partial int `json:"partial"`
	Non     int `json:"non"`
	// Average is the mean score in [−1, 1] (0 when nothing is assessed).
	Average float64 `json:"average"`
	// Percent is (Average + 1) / 2 × 100; meaningless when Assessed is 0.
	Percent float64 `json:"percent"`
	// Progress counts the party's commitments by the progress of their assessment in force.
	Progress map[Progress]int `json:"progress"`
}

// Summarize computes per-party compliance, in the order of parties, from the assessment in
// force of each commitment at stage (or, if stage is empty, the final one where it exists,
// else the interim one). histories maps commitment ids to their assessment history.
// Superseded assessments are ignored; commitments without an assessment count nowhere.
func Summarize(parties []Party, commitments []Commitment, histories map[string][]Assessment, stage Stage) []PartySummary {
	out := make([]PartySummary, len(parties))
	idx := make(map[string]int, len(parties))
	for i, p := range parties {
		out[i] = PartySummary{Party: p, Progress: map[Progress]int{}}
		idx[p.ID] = i
	}
	sums := make([]int, len(parties))
	for _, c := range commitments {
		var a Assessment
		var ok bool
		if stage == "" {
			a, ok = Latest(histories[c.ID])
		} else {
			a, ok = Current(histories[c.ID], stage)
		}
		if !ok {
			continue
		}
		bound := map[string]bool{}
		for _, p := range c.Parties {
			bound[p] = true
			if i, known := idx[p]; known {
				out[i].Progress[a.Progress]++
			}
		}
		for _, ps := range a.Compliance {
			i, known := idx[ps.Party]
			if !known || !bound[ps.Party] || !ps.Score.Valid() {
				continue
			}
			s := &out[i]
			s.Assessed++
			sums[i] += int(ps.Score)
			switch ps.Score {
			case FullCompliance:
				s.Full++
			case PartialCompliance:
				s.Partial++
			default:
				s.Non++
			}
		}
	}
	for i := range out {
		if out[i].Assessed > 0 {
			out[i].Average = float64(sums[i]) / float64(out[i].Assessed)
		}
		out[i].Percent = Percent(out[i].Average)
	}
	return out
}
