package web

import (
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// listCache keeps recently answered list pages (the response bytes) with the revision of the data
// they were built from (store revisions, migration 00010). A page is served again only while that
// revision has not moved, so it is always the page a fresh read would build: the revision moves
// in the same transaction as every change the page could show, whichever server made it. The
// cache only saves rebuilding identical pages; a changed revision simply misses.
//
// Keys are the caller's organization and the request's query string (a differently spelled query
// is a miss, never a wrong answer). Only successful answers are kept, and only pages up to
// listCacheMaxBytes, so the cache holds at most listCacheEntries × listCacheMaxBytes.
type listCache struct {
	pages  *lru.Cache[string, cachedPage]
	lookup *prometheus.CounterVec
}

type cachedPage struct {
	revision int64
	body     []byte
}

const (
	listCacheEntries  = 256
	listCacheMaxBytes = 64 << 10
)

func newListCache(reg prometheus.Registerer) *listCache {
	pages, _ := lru.New[string, cachedPage](listCacheEntries) // errors only for a size < 1
	lookup := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "tracktwo_list_cache_lookups_total", Help: "List pages looked up in the cache, by list and result (hit or miss).",
	}, []string{"list", "result"})
	reg.MustRegister(lookup)
	return &listCache{pages: pages, lookup: lookup}
}

// get returns the page kept under key if it was built at revision.
func (l *listCache) get(list, key string, revision int64) ([]byte, bool) {
	p, ok := l.pages.Get(key)
	if ok && p.revision == revision {
		l.lookup.WithLabelValues(list, "hit").Inc()
		return p.body, true
	}
	l.lookup.WithLabelValues(list, "miss").Inc()
	return nil, false
}

// put keeps body, built from data at revision, under key. body must not change afterwards.
func (l *listCache) put(key string, revision int64, body []byte) {
	if len(body) <= listCacheMaxBytes {
		l.pages.Add(key, cachedPage{revision: revision, body: body})
	}
}
