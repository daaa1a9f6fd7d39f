// Package export writes members to CSV or XLSX as a stream, scoped to the
// caller and masked unless revealed, and audits every export.
package export

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// Formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// memberHeader follows the import template, so an export can be edited
// and imported again.
var memberHeader = []string{"姓名", "公民身份号码", "手机号码", "性别", "出生日期", "民族", "学历", "政治面貌", "户籍类型", "就业形态",
	"单位名称", "所属工会", "入会日期", "会员卡号", "发卡日期", "状态"}

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
	return []string{m.Name, m.IDNumber, m.Phone, sex, m.Birth.String(), m.Ethnicity,
		name(gonghui.Educations, m.Education), name(gonghui.PoliticalStatuses, m.Political),
		name(gonghui.Households, m.Household), name(gonghui.Employments, m.Employment),
		m.UnitName, m.OrgName, m.JoinedOn.String(), m.CardNo, m.CardIssued.String(), m.Status.Name().Zh}
}

// Members writes the members of the filter to out and audits the export
// with its row count. It returns the number of rows written.
func Members(ctx context.Context, st *store.Store, a gonghui.Actor, f gonghui.MemberFilter, reveal bool, format string, out io.Writer) (int, error) {
	if format != CSV && format != XLSX {
		return 0, gonghui.Invalid("format", "格式应为 csv 或 xlsx", "format must be csv or xlsx")
	}
	n := 0
	var err error
	switch format {
	case CSV:
		w := tabular.NewCSVWriter(out)
		w.Write(memberHeader)
		err = st.EachMember(ctx, a, f, reveal, func(m gonghui.Member) error {
			n++
			return w.Write(memberRow(m))
		})
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	case XLSX:
		var w *tabular.XLSXWriter
		if w, err = tabular.NewXLSXWriter("会员", memberHeader); err != nil {
			return 0, err
		}
		err = st.EachMember(ctx, a, f, reveal, func(m gonghui.Member) error {
			n++
			return w.WriteRow(memberRow(m))
		})
		if err == nil {
			err = w.Close(out)
		}
	}
	outcome := gonghui.OutcomeSuccess
	if err != nil {
		outcome = gonghui.OutcomeFailure
	}
	summary := fmt.Sprintf(`{"rows":%d,"format":%q,"revealed":%t,"org_id":%s,"status":%q}`, n, format, reveal, strconv.FormatInt(f.OrgID, 10), f.Status)
	if aerr := st.Audit(ctx, a, "export", "members", f.OrgID, a.Path, summary, outcome); err == nil {
		err = aerr
	}
	return n, err
}
