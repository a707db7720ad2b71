package site

import (
	"container/list"
	"sync"
)

// pageCacheSize bounds the pages kept: about 10 KB each with their
// compressed copies, so some 10 MB at most.
const pageCacheSize = 1000

// pageCache keeps the most recently used rendered pages, so that a page with
// a walk state is rendered and compressed once, not on every request.
type pageCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *prerendered, most recent first
	byKey map[string]*list.Element
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) (*prerendered, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*prerendered), true
}

func (c *pageCache) put(key string, a *prerendered) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		e.Value = a
		c.order.MoveToFront(e)
		return
	}
	c.byKey[key] = c.order.PushFront(a)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*prerendered).name)
	}
}

// len is the number of pages kept.
func (c *pageCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
