package gonghui

import (
	"cmp"
	"slices"
)

// Indicator is one figure of the catalogue: every number on a dashboard or
// in a report is one of these, computed for a subtree on a date.
type Indicator struct {
	Key        string  `json:"key"`
	Name       Message `json:"name"`
	Unit       Message `json:"unit"`
	Definition Message `json:"definition"`
	// Numerator and Denominator name the indicators a rate divides (empty
	// for counts); Rate names the rate definition that computes it.
	Numerator   string `json:"numerator,omitempty"`
	Denominator string `json:"denominator,omitempty"`
	Rate        string `json:"rate,omitempty"`
}

var (
	unitCount   = Message{"个", "count"}
	unitFirms   = Message{"家", "units"}
	unitPersons = Message{"人", "people"}
	unitPercent = Message{"%", "%"}
)

// Indicators is the catalogue, in the order reports list them: each
// module registers its figures (RegisterIndicators) with a rank that
// places them.
var Indicators []Indicator

var indicatorRanks = map[string]int{}

// RegisterIndicators adds a module's indicators to the catalogue at rank
// (the union tree 10, members 20, contracts 30, congresses and
// disclosure 40, … ) and returns them. A key registered twice panics: it
// would make two figures one.
func RegisterIndicators(rank int, ins []Indicator) []Indicator {
	for _, in := range ins {
		if _, dup := indicatorRanks[in.Key]; dup {
			panic("gonghui: indicator " + in.Key + " registered twice")
		}
		indicatorRanks[in.Key] = rank
		Indicators = append(Indicators, in)
	}
	slices.SortStableFunc(Indicators, func(a, b Indicator) int { return cmp.Compare(indicatorRanks[a.Key], indicatorRanks[b.Key]) })
	return ins
}

// IndicatorByKey finds an indicator of the catalogue.
func IndicatorByKey(key string) (Indicator, bool) {
	for _, in := range Indicators {
		if in.Key == key {
			return in, true
		}
	}
	return Indicator{}, false
}
