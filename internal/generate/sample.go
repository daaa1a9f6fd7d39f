package generate

import "math/rand/v2"

// sampledMember is a member of the register a later file names.
type sampledMember struct {
	org int // index in plan.orgs
	id  string
}

// memberSample keeps a uniform sample of the members offered as the
// register is written (a reservoir: each equally likely), on a stream of
// its own so the register's draws stay as they are.
type memberSample struct {
	rng  *rand.Rand
	want int
	seen int
	kept []sampledMember
}

func (s *memberSample) offer(org int, id []byte) {
	if s.want == 0 {
		return
	}
	s.seen++
	k := len(s.kept)
	if k >= s.want {
		if k = s.rng.IntN(s.seen); k >= s.want {
			return
		}
	}
	m := sampledMember{org: org, id: string(id)}
	if k == len(s.kept) {
		s.kept = append(s.kept, m)
	} else {
		s.kept[k] = m
	}
}
