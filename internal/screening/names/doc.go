// Package names matches personal and organisation names across scripts and
// romanisations for watchlist screening.
//
// It folds Unicode (NFKC, full-width forms, diacritics, punctuation), reads
// Chinese names written in Hanzi (simplified or traditional, with surname
// readings such as 单 Shan or 尉迟 Yuchi) or in Latin letters (Hanyu Pinyin,
// Wade-Giles, Tongyong Pinyin, Cantonese and Hokkien spellings, joined or
// split syllables, either name order, "SURNAME, Given"), and scores pairs of
// names with an explanation of how every syllable matched.
//
// Compare scores two names. An Index holds list entries (primary names and
// aliases with birth dates, nationalities and employers) and finds candidates
// for a query by blocking on normalised syllable and token keys, never by a
// scan of the list; Search grades each candidate from "none" to "strong",
// where a name-only hit on a common name is at most "needs corroboration".
//
// The package is pure: it does no I/O and holds no global mutable state apart
// from lazily built, read-only conversion tables. All functions are safe for
// concurrent use; an Index may be searched concurrently while no Add runs.
package names
