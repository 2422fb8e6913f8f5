package store

import (
	"sync/atomic"

	"gorm.io/gorm"
)

// queryCounter counts statements through gorm callbacks.
type queryCounter struct{ n atomic.Int64 }

func (q *queryCounter) install(db *gorm.DB) {
	inc := func(*gorm.DB) { q.n.Add(1) }
	_ = db.Callback().Query().After("gorm:query").Register("tracktwo:count_query", inc)
	_ = db.Callback().Create().After("gorm:create").Register("tracktwo:count_create", inc)
	_ = db.Callback().Update().After("gorm:update").Register("tracktwo:count_update", inc)
	_ = db.Callback().Delete().After("gorm:delete").Register("tracktwo:count_delete", inc)
	_ = db.Callback().Row().After("gorm:row").Register("tracktwo:count_row", inc)
	_ = db.Callback().Raw().After("gorm:raw").Register("tracktwo:count_raw", inc)
}
