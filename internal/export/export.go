// Package export writes lists to CSV or XLSX as a stream, scoped to the
// caller, and audits every export at its start and at its end: members,
// masked unless revealed, and the rows of the lists the web and the
// command line both export (directors, census returns).
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
	if !a.Can(gonghui.PermExportMembers) || reveal && !a.Can(gonghui.PermRevealMembers) {
		return 0, gonghui.ErrForbidden
	}
	row := func(m gonghui.Member) ([]string, error) { return maskedRow(m), nil }
	if reveal {
		c := &codes{ctx: ctx, st: st, a: a, orgs: map[int64]string{}, units: map[int64]string{}}
		row = c.revealedRow
	}
	details := map[string]any{"format": format, "revealed": reveal, "org_id": f.OrgID, "status": f.Status, "query": maskedQuery(f.Query)}
	return Sheet(ctx, st, a, "members", f.OrgID, details, memberHeader(reveal), format, out, func(put func([]string) error) error {
		return st.EachMember(ctx, a, f, reveal, func(m gonghui.Member) error {
			cells, err := row(m)
			if err == nil {
				err = put(cells)
			}
			return err
		})
	})
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

// Sheet writes a list to out as CSV or XLSX: the header, then the rows
// each gives to put. It is audited as what (the record type) before its
// first byte and again at its end, completed or aborted with the rows
// written (see store.Export), and returns the number of rows.
func Sheet(ctx context.Context, st *store.Store, a gonghui.Actor, what string, id int64, details map[string]any, header []string, format string, out io.Writer, each func(put func([]string) error) error) (int, error) {
	if format != CSV && format != XLSX {
		return 0, gonghui.Invalid("format", "格式应为 csv 或 xlsx", "format must be csv or xlsx")
	}
	ex, err := st.StartExport(ctx, a, what, id, a.Path, details)
	if err != nil {
		return 0, err
	}
	n, err := writeSheet(what, header, format, out, each)
	if aerr := ex.End(n, err); err == nil {
		err = aerr
	}
	return n, err
}

func writeSheet(sheet string, header []string, format string, out io.Writer, each func(put func([]string) error) error) (int, error) {
	var put func([]string) error
	var end func() error
	var err error
	if format == CSV {
		w := tabular.NewCSVWriter(out) // a BOM first, so Excel reads UTF-8; cells made safe to open
		put, end = w.Write, w.Flush
		err = w.Write(header)
	} else {
		w, xerr := tabular.NewXLSXWriter(sheet, header)
		if xerr != nil {
			return 0, xerr
		}
		put, end = w.WriteRow, func() error { return w.Close(out) }
	}
	n := 0
	if err == nil {
		err = each(func(cells []string) error {
			n++
			return put(cells)
		})
	}
	if err == nil {
		err = end()
	}
	return n, err
}
