package importer

import (
	"context"
	"errors"
	"strings"
	"sync"

	"gonghui"
	"gonghui/internal/store"
)

// resolver finds unions and units named in rows, once each, safely from
// every worker.
type resolver struct {
	st         *store.Store
	a          gonghui.Actor
	defaultOrg int64
	mu         sync.Mutex
	orgs       map[string]lookup
	units      map[string]lookup
	programmes map[string]lookup
	// misses counts the refs cached as not found: a file may name any
	// number of unknown codes, and only maxCachedMisses of them are kept.
	misses int
}

// maxCachedMisses bounds the unknown refs a resolver remembers; past it
// each is looked up again, so that a file of distinct bad codes costs
// queries, not memory.
var maxCachedMisses = 10_000

type lookup struct {
	id  int64
	err error
}

func newResolver(st *store.Store, a gonghui.Actor, defaultOrg int64) *resolver {
	return &resolver{st: st, a: a, defaultOrg: defaultOrg, orgs: map[string]lookup{}, units: map[string]lookup{},
		programmes: map[string]lookup{}}
}

func (r *resolver) org(ctx context.Context, ref string) (int64, error) {
	if ref == "" {
		if r.defaultOrg == 0 {
			return 0, gonghui.Invalid("org_id", "请填写所属工会（工会代码或统一社会信用代码）", "the union is required (its code or USCC)")
		}
		return r.defaultOrg, nil
	}
	// A union picked from a template's drop-down reads "code name".
	if code, _, ok := strings.Cut(ref, " "); ok {
		ref = code
	}
	return r.cached(r.orgs, ref, func() (int64, error) {
		o, err := r.st.ResolveOrgRef(ctx, r.a, ref)
		if errors.Is(err, gonghui.ErrNotFound) {
			return 0, gonghui.Invalid("org_id", "找不到工会“"+ref+"”，或不在您的管辖范围内", "no union \""+ref+"\" in your scope")
		}
		return o.ID, err
	})
}

func (r *resolver) unit(ctx context.Context, code string) (int64, error) {
	if code == "" {
		return 0, nil
	}
	return r.cached(r.units, code, func() (int64, error) {
		u, err := r.st.UnitByUSCC(ctx, r.a, code)
		if errors.Is(err, gonghui.ErrNotFound) {
			return 0, gonghui.Invalid("unit_id", "找不到统一社会信用代码为“"+code+"”的单位，请先登记单位", "no unit with USCC \""+code+"\" in your scope: register it first")
		}
		return u.ID, err
	})
}

// programme finds a programme serving the importer's union by its code.
func (r *resolver) programme(ctx context.Context, code string) (int64, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return 0, gonghui.Invalid("programme_id", "请填写项目代码", "give the programme's code")
	}
	return r.cached(r.programmes, code, func() (int64, error) {
		p, err := r.st.GetProgrammeByCode(ctx, r.a, code)
		if errors.Is(err, gonghui.ErrNotFound) {
			return 0, gonghui.Invalid("programme_id", "找不到代码为“"+code+"”的帮扶项目，或不面向您的工会", "no programme \""+code+"\" serves your union")
		}
		return p.ID, err
	})
}

func (r *resolver) cached(m map[string]lookup, key string, find func() (int64, error)) (int64, error) {
	r.mu.Lock()
	l, ok := m[key]
	r.mu.Unlock()
	if ok {
		return l.id, l.err
	}
	id, err := find()
	var v *gonghui.ValidationError
	if err != nil && !errors.As(err, &v) {
		return 0, err // not cached: a database error may pass
	}
	r.mu.Lock()
	if err == nil || r.misses < maxCachedMisses {
		m[key] = lookup{id, err}
		if err != nil {
			r.misses++
		}
	}
	r.mu.Unlock()
	return id, err
}
