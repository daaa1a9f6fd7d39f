// Package export writes members to CSV or XLSX as a stream, scoped to the
// caller and masked unless revealed, and audits every export at its start
// and at its end.
package export

import (
	"context"
	"io"
	"strings"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/importer"
	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// Formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// memberHeader is the header of an export. A revealed export has the
// member import template's columns and nothing else, so a cadre fixes the
// sheet and imports it back. A masked one cannot be imported back (its
// numbers are masked, and the importer refuses them): it names the union
// and unit for reading, and has the age band where the birth date would
// give back the masked number's hidden digits.
func memberHeader(reveal bool) []string {
	if reveal {
		return importer.Members.Headers()
	}
	return []string{"姓名", "公民身份号码", "手机号码", "性别", "年龄段", "民族", "学历", "政治面貌", "户籍类型", "就业形态",
		"单位名称", "所属工会", "入会日期", "本会籍起始日期", "会员卡号", "发卡日期", "状态"}
}

// choiceName is a coded value's Chinese name, as the template takes it.
func choiceName(list []gonghui.Choice, key string) string {
	if key == "" {
		return ""
	}
	return gonghui.ChoiceName(list, key).Zh
}

func sexName(m gonghui.Member) string {
	if m.Sex == "female" {
		return "女"
	}
	return "男"
}

func maskedRow(m gonghui.Member) []string {
	return []string{m.Name, m.IDNumber, m.Phone, sexName(m), m.AgeBand, m.Ethnicity,
		choiceName(gonghui.Educations, m.Education), choiceName(gonghui.PoliticalStatuses, m.Political),
		choiceName(gonghui.Households, m.Household), choiceName(gonghui.Employments, m.Employment),
		m.UnitName, m.OrgName, m.JoinedOn.String(), m.MemberSince.String(), m.CardNo, m.CardIssued.String(), m.Status.Name().Zh}
}

// codes finds the union codes and unit USCCs a revealed row names its
// union and unit by, as the import takes them, each once per export.
type codes struct {
	ctx   context.Context
	st    *store.Store
	a     gonghui.Actor
	orgs  map[int64]string
	units map[int64]string
}

func (c *codes) org(id int64) (string, error) {
	if v, ok := c.orgs[id]; ok {
		return v, nil
	}
	o, err := c.st.GetOrg(c.ctx, c.a, id)
	c.orgs[id] = o.Code
	return o.Code, err
}

func (c *codes) unit(id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	if v, ok := c.units[id]; ok {
		return v, nil
	}
	u, err := c.st.GetUnit(c.ctx, c.a, id)
	c.units[id] = u.USCC
	return u.USCC, err
}

// revealedRow is a member in the import template's columns.
func (c *codes) revealedRow(m gonghui.Member) ([]string, error) {
	org, err := c.org(m.OrgID)
	if err != nil {
		return nil, err
	}
	unit, err := c.unit(m.UnitID)
	if err != nil {
		return nil, err
	}
	return []string{m.Name, m.IDNumber, m.Phone, sexName(m), m.Ethnicity,
		choiceName(gonghui.Educations, m.Education), choiceName(gonghui.PoliticalStatuses, m.Political),
		choiceName(gonghui.Households, m.Household), choiceName(gonghui.Employments, m.Employment),
		unit, org, m.JoinedOn.String(), m.CardNo}, nil
}

// Members writes the members of the filter to out. The export is audited
// before its first byte and again at its end, completed or aborted with
// the rows written (see store.Export). It returns the number of rows
// written.
func Members(ctx context.Context, st *store.Store, a gonghui.Actor, f gonghui.MemberFilter, reveal bool, format string, out io.Writer) (int, error) {
	if format != CSV && format != XLSX {
		return 0, gonghui.Invalid("format", "格式应为 csv 或 xlsx", "format must be csv or xlsx")
	}
	if !a.Can(gonghui.PermExportMembers) || reveal && !a.Can(gonghui.PermRevealMembers) {
		return 0, gonghui.ErrForbidden
	}
	ex, err := st.StartExport(ctx, a, "members", f.OrgID, a.Path, map[string]any{
		"format": format, "revealed": reveal, "org_id": f.OrgID, "status": f.Status, "query": maskedQuery(f.Query)})
	if err != nil {
		return 0, err
	}
	n, err := writeMembers(ctx, st, a, f, reveal, format, out)
	if aerr := ex.End(n, err); err == nil {
		err = aerr
	}
	return n, err
}

// maskedQuery is a search as the audit log keeps it: a search by ID
// number or phone is itself personal data.
func maskedQuery(q string) string {
	if id, err := idcard.Parse(q); err == nil {
		return idcard.Mask(id.Number)
	}
	if p := gonghui.NormalizePhone(strings.TrimSpace(q)); len(p) >= 7 && strings.Trim(p, "0123456789-") == "" {
		return gonghui.MaskPhone(p)
	}
	return q
}

func writeMembers(ctx context.Context, st *store.Store, a gonghui.Actor, f gonghui.MemberFilter, reveal bool, format string, out io.Writer) (int, error) {
	row := func(m gonghui.Member) ([]string, error) { return maskedRow(m), nil }
	if reveal {
		c := &codes{ctx: ctx, st: st, a: a, orgs: map[int64]string{}, units: map[int64]string{}}
		row = c.revealedRow
	}
	var put func([]string) error
	var end func() error
	if format == CSV {
		w := tabular.NewCSVWriter(out)
		put, end = w.Write, w.Flush
	} else {
		w, err := tabular.NewXLSXWriter("会员", memberHeader(reveal))
		if err != nil {
			return 0, err
		}
		put, end = w.WriteRow, func() error { return w.Close(out) }
	}
	var err error
	if format == CSV {
		err = put(memberHeader(reveal))
	}
	n := 0
	if err == nil {
		err = st.EachMember(ctx, a, f, reveal, func(m gonghui.Member) error {
			cells, err := row(m)
			if err == nil {
				n++
				err = put(cells)
			}
			return err
		})
	}
	if err == nil {
		err = end()
	}
	return n, err
}
