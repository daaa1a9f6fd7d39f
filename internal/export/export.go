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
	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// Formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// memberHeader follows the import template, so an export can be edited
// and imported again. A masked export has the age band where a revealed
// one has the birth date: beside the masked number, the birth date is its
// hidden digits.
func memberHeader(reveal bool) []string {
	birth := "年龄段"
	if reveal {
		birth = "出生日期"
	}
	return []string{"姓名", "公民身份号码", "手机号码", "性别", birth, "民族", "学历", "政治面貌", "户籍类型", "就业形态",
		"单位名称", "所属工会", "入会日期", "本会籍起始日期", "会员卡号", "发卡日期", "状态"}
}

func memberRow(m gonghui.Member) []string {
	sex := "男"
	if m.Sex == "female" {
		sex = "女"
	}
	name := func(list []gonghui.Choice, key string) string {
		if key == "" {
			return ""
		}
		return gonghui.ChoiceName(list, key).Zh
	}
	birth := m.AgeBand
	if m.Revealed {
		birth = m.Birth.String()
	}
	return []string{m.Name, m.IDNumber, m.Phone, sex, birth, m.Ethnicity,
		name(gonghui.Educations, m.Education), name(gonghui.PoliticalStatuses, m.Political),
		name(gonghui.Households, m.Household), name(gonghui.Employments, m.Employment),
		m.UnitName, m.OrgName, m.JoinedOn.String(), m.MemberSince.String(), m.CardNo, m.CardIssued.String(), m.Status.Name().Zh}
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
	n := 0
	header := memberHeader(reveal)
	if format == CSV {
		w := tabular.NewCSVWriter(out)
		w.Write(header)
		err := st.EachMember(ctx, a, f, reveal, func(m gonghui.Member) error {
			n++
			return w.Write(memberRow(m))
		})
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
		return n, err
	}
	w, err := tabular.NewXLSXWriter("会员", header)
	if err != nil {
		return 0, err
	}
	err = st.EachMember(ctx, a, f, reveal, func(m gonghui.Member) error {
		n++
		return w.WriteRow(memberRow(m))
	})
	if err == nil {
		err = w.Close(out)
	}
	return n, err
}
