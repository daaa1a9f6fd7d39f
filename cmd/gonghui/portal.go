package main

import (
	"context"
	"crypto/ed25519"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"gonghui"
	"gonghui/internal/sms"
	"gonghui/internal/store"
)

// portalCodes runs `gonghui portal codes`: it issues the member portal's
// activation codes to a union's members without an account (or to one
// member, --member) and writes them, once, as a CSV list to hand out with
// the cards; only the codes' hashes are kept.
func portalCodes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("portal codes", stderr)
	keyFile := keyFlag(fs)
	orgRef := fs.String("org", "", "union (code or ID): its subtree's active members without an account")
	member := fs.Int64("member", 0, "one member (membership ID): a new code, ending their earlier one (a reset)")
	out := fs.String("out", "", "the CSV file to write (readable by its owner alone)")
	base := fs.String("base", "", "the portal's address, printed with each code (e.g. https://gonghui.example.cn)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out: name the CSV file the codes are written to (they are shown this once)")
	}
	if (*orgRef == "") == (*member == 0) {
		return errors.New("give --org or --member")
	}
	st, err := openForMembers(ctx, *db, *keyFile, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("portal")
	req := store.PortalCodeRequest{MemberID: *member}
	org, err := st.RootOrg(ctx, a)
	if *orgRef != "" {
		org, err = resolveOrg(ctx, st, a, *orgRef)
		req.OrgID = org.ID
	}
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	ex, err := st.StartExport(ctx, a, "portal_codes", org.ID, org.Path, map[string]any{"member_id": *member, "format": "csv"})
	if err != nil {
		f.Close()
		os.Remove(*out)
		return err
	}
	codes, err := st.IssueActivationCodes(ctx, a, req)
	if err == nil {
		err = writeCodes(f, codes, strings.TrimSuffix(*base, "/"))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if aerr := ex.End(len(codes), err); err == nil {
		err = aerr
	}
	if err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(stdout, "%d activation codes written to %s\n", len(codes), *out)
	return nil
}

// writeCodes writes the code list as CSV (with a byte-order mark, so that
// Excel reads the Chinese).
func writeCodes(w io.Writer, codes []store.IssuedCode, base string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"序号", "会员编号", "姓名", "所属工会", "工作单位", "会员服务卡号", "激活码", "有效期至", "激活地址"})
	for i, k := range codes {
		link := ""
		if base != "" {
			link = base + "/portal/activate?code=" + k.Code
		}
		cw.Write([]string{strconv.Itoa(i + 1), strconv.FormatInt(k.MemberID, 10), k.Name, k.OrgName, k.UnitName, k.CardNo, k.Code, k.ExpiresOn.String(), link})
	}
	cw.Flush()
	return cw.Error()
}

// smsSender is the sender of the portal's SMS codes: the HTTP gateway at
// gateway (its user and password from GONGHUI_SMS_USER and
// GONGHUI_SMS_PASSWORD), or, with none, the log (development).
func smsSender(gateway string) (sms.Sender, error) {
	if gateway == "" {
		return nil, nil
	}
	return sms.NewHTTPSender(gateway, os.Getenv("GONGHUI_SMS_USER"), os.Getenv("GONGHUI_SMS_PASSWORD"))
}

// portalCardKey runs `gonghui portal card-key`: the public key (hex) that
// verifies the members' card QRs, for a desk's offline checker.
func portalCardKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("portal card-key", stderr)
	keyFile := keyFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := openForMembers(ctx, *db, *keyFile, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	key, err := st.CardKey()
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, hex.EncodeToString(key.Public().(ed25519.PublicKey)))
	return nil
}

// portalVerifyCard runs `gonghui portal verify-card TOKEN|URL
// --public-key HEX`: the offline check of a member's card QR (the token,
// or the address the QR carries), with no database.
func portalVerifyCard(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("portal verify-card", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pubHex := fs.String("public-key", "", "the card key from `gonghui portal card-key` or GET /portal/card-key (hex)")
	var token string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		token, args = args[0], args[1:]
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	pub, err := hex.DecodeString(strings.TrimSpace(*pubHex))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return errors.New("--public-key: the card key, 64 hex digits")
	}
	if u, err := url.Parse(token); err == nil && u.Query().Get("t") != "" {
		token = u.Query().Get("t")
	}
	c, err := gonghui.VerifyCardToken(pub, token, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "valid until %s: %s, %s, card %s, membership %d\n",
		time.Unix(c.ExpiresAt, 0).In(gonghui.Shanghai).Format("2006-01-02 15:04"), c.Name, c.OrgName, c.CardNo, c.MembershipID)
	return nil
}
