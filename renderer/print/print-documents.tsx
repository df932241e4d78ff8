import type { BlankPrint, Letterhead, PrintSection, RekapPrint, SitePrint, StoppedPrint, VisitPrint } from '../../db/model';
import { formatRupiah } from '../../db/model/money';

const count = (n: number | null) => (n === null ? '—' : new Intl.NumberFormat('id-ID').format(n));
const rupiah = (n: number | null) => (n === null ? '—' : formatRupiah(n));
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Kop surat: logo, government and office names, address, and the double rule under them. */
export function Kop({ letterhead }: { letterhead: Letterhead }) {
  return (
    <header className="kop">
      {letterhead.logo ? <img className="kop-logo" src={letterhead.logo} alt="" /> : <div className="kop-logo" />}
      <div className="kop-text">
        <div className="kop-government">{letterhead.government}</div>
        <div className="kop-office">{letterhead.office}</div>
        {letterhead.address && <div className="kop-address">{letterhead.address}</div>}
        {letterhead.contact && <div className="kop-address">{letterhead.contact}</div>}
      </div>
      <div className="kop-logo" />
    </header>
  );
}

function Rows({ section, letter }: { section: PrintSection; letter: string }) {
  return (
    <section className="form-section">
      <h2>
        {letter}. {section.title}
      </h2>
      <table className="fields">
        <tbody>
          {section.rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The filled form of one visit; `page` names its pages for the running header and footer. */
export function VisitDocument({ visit, page }: { visit: VisitPrint; page: string }) {
  const sections: PrintSection[] = [{ title: 'Data usaha', rows: visit.site }, ...visit.sections];
  return (
    <article className={visit.draft ? 'print-doc draft' : 'print-doc'} data-print-page={page}>
      <Kop letterhead={visit.letterhead} />
      <div className="doc-head">
        <div>
          <h1>{visit.title}</h1>
          <div className="doc-number">
            Nomor: <strong>{visit.number}</strong> · {visit.status}
          </div>
        </div>
        <img className="qr" src={visit.qrCode} alt={`Kode QR ${visit.number}`} />
      </div>
      {sections.map((s, i) => (
        <Rows key={s.title} section={s} letter={LETTERS[i]} />
      ))}
      {visit.photos.length > 0 && (
        <section className="form-section keep">
          <h2>{LETTERS[sections.length]}. Foto</h2>
          <div className="photos">
            {visit.photos.map((p, i) => (
              <figure key={`${i}:${p.caption}`}>
                {p.src ? <img src={p.src} alt={p.caption} /> : <div className="missing-photo">Berkas foto tidak ada di laptop ini</div>}
                <figcaption>{p.caption}</figcaption>
              </figure>
            ))}
          </div>
        </section>
      )}
      <section className="signatures keep">
        {visit.signatures.map((s, i) => (
          <div className="signature" key={s.role}>
            <div className="signature-date">{i === visit.signatures.length - 1 ? visit.placeDate : '\u00a0'}</div>
            <div>{s.role},</div>
            <div className="signature-space">
              {s.src && <img src={s.src} alt={`Tanda tangan ${s.role.toLowerCase()}`} />}
              {!s.src && s.note && (
                <div className="signature-note" data-testid="signature-note">
                  <div>{s.note}</div>
                  {s.detail && <div className="signature-detail">{s.detail}</div>}
                </div>
              )}
            </div>
            <div className="signature-name">{s.name || '(……………………………)'}</div>
            {s.nip && <div>NIP. {s.nip}</div>}
          </div>
        ))}
      </section>
      {visit.missingFiles.length > 0 && (
        <p className="missing-files keep" data-testid="missing-files">
          Tidak tercetak karena berkasnya tidak ada di laptop ini (belum tersinkron atau hilang): {visit.missingFiles.join('; ')}.
        </p>
      )}
      {visit.reviewState && (
        <section className="form-section history" data-testid="print-reviews">
          <h2>Riwayat tinjauan</h2>
          <div className="keep">Status tinjauan: {visit.reviewState}</div>
          {visit.reviews.map((r) => (
            <div className="revision keep" key={r.title}>
              <div className="revision-title">{r.title}</div>
              {r.comment && <div>Komentar: {r.comment}</div>}
            </div>
          ))}
        </section>
      )}
      {visit.revisions.length > 0 && (
        <section className="form-section history">
          <h2>Riwayat perubahan</h2>
          {visit.revisions.map((r) => (
            <div className="revision keep" key={r.title}>
              <div className="revision-title">{r.title}</div>
              <div>Alasan: {r.reason}</div>
              {r.changes.length > 0 && (
                <table className="changes">
                  <thead>
                    <tr>
                      <th>Isian</th>
                      <th>Sebelum</th>
                      <th>Sesudah</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.changes.map((c) => (
                      <tr key={c.label}>
                        <td>{c.label}</td>
                        <td>{c.before}</td>
                        <td>{c.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </section>
      )}
    </article>
  );
}

/** A blank form with room to write by hand. */
export function BlankDocument({ form }: { form: BlankPrint }) {
  return (
    <article className="print-doc blank">
      <Kop letterhead={form.letterhead} />
      <div className="doc-head">
        <div>
          <h1>{form.title}</h1>
          <div className="doc-number">Nomor: ……………………………… (diisi saat diketik ke aplikasi)</div>
        </div>
      </div>
      {form.sections.map((s, i) => (
        <section className="form-section" key={s.title}>
          <h2>
            {LETTERS[i]}. {s.title}
          </h2>
          {s.fields.map((f) => (
            <div className={f.lines === 1 ? 'blank-field inline keep' : 'blank-field keep'} key={f.label}>
              <div className="blank-label">{f.label}</div>
              {f.options ? (
                <div className="blank-options">
                  {f.options.map((o) => (
                    <span key={o}>
                      <span className="box" /> {o}
                    </span>
                  ))}
                </div>
              ) : (
                Array.from({ length: f.lines }, (_, n) => <div className="blank-line" key={n} />)
              )}
            </div>
          ))}
        </section>
      ))}
      <section className="signatures keep">
        {form.signatures.map((s, i) => (
          <div className="signature" key={s.role}>
            <div className="signature-date">{i === form.signatures.length - 1 ? `${form.place}, ……………………` : '\u00a0'}</div>
            <div>{s.role},</div>
            <div className="signature-space" />
            <div className="signature-name">(……………………………)</div>
            {s.role === 'Petugas' && <div>NIP. ……………………………</div>}
          </div>
        ))}
      </section>
    </article>
  );
}

/** Profil IKM. */
export function SiteDocument({ site }: { site: SitePrint }) {
  return (
    <article className="print-doc">
      <Kop letterhead={site.letterhead} />
      <div className="doc-head">
        <div>
          <h1>{site.title}</h1>
          <div className="doc-number">
            <strong>{site.name}</strong>
          </div>
          <div className="printed-on">{site.printedOn}</div>
        </div>
      </div>
      {site.sections.map((s, i) => (
        <Rows key={s.title} section={s} letter={LETTERS[i]} />
      ))}
      <section className="form-section">
        <h2>{LETTERS[site.sections.length]}. Riwayat kunjungan</h2>
        {site.visits.length === 0 ? (
          <p>Belum ada kunjungan.</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>Nomor</th>
                <th>Tanggal</th>
                <th>Jenis</th>
                <th>Status</th>
                <th>Petugas</th>
              </tr>
            </thead>
            <tbody>
              {site.visits.map((v) => (
                <tr key={v.number}>
                  <td>{v.number}</td>
                  <td>{v.date}</td>
                  <td>{v.kind}</td>
                  <td>{v.status}</td>
                  <td>{v.officers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}

/** Rekap per wilayah → kabupaten/kota → KBLI, and by operating status. */
export function RekapDocument({ rekap }: { rekap: RekapPrint }) {
  return (
    <article className="print-doc">
      <Kop letterhead={rekap.letterhead} />
      <div className="doc-head">
        <div>
          <h1>{rekap.title}</h1>
          <div className="doc-number">Periode {rekap.period}</div>
          <div className="printed-on">{rekap.printedOn}</div>
        </div>
      </div>
      <table className="grid rekap">
        <thead>
          <tr>
            <th>Wilayah / kabupaten-kota / KBLI</th>
            <th>Usaha</th>
            <th>Kunjungan</th>
            <th>TK</th>
            <th>TK L</th>
            <th>TK P</th>
            <th>Nilai produksi</th>
          </tr>
        </thead>
        <tbody>
          {rekap.rows.map((r, i) => (
            <tr key={`${r.level}:${r.label}:${i}`} className={`level-${r.level}`}>
              <td>{r.label}</td>
              <td className="num">{count(r.sites)}</td>
              <td className="num">{count(r.visits)}</td>
              <td className="num">{count(r.workers)}</td>
              <td className="num">{count(r.workersMale)}</td>
              <td className="num">{count(r.workersFemale)}</td>
              <td className="num">{rupiah(r.productionValueRp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section className="form-section keep">
        <h2>Usaha menurut status operasi</h2>
        <table className="grid narrow">
          <tbody>
            {rekap.byStatus.map((s) => (
              <tr key={s.status}>
                <td>{s.status}</td>
                <td className="num">{count(s.sites)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p className="note">
        TK: tenaga kerja menurut data terkini tiap usaha; L/P dan nilai produksi dari kunjungan final terakhir dalam periode yang mencatatnya. —: tidak
        tercatat.
      </p>
    </article>
  );
}

/** Pabrik tidak beroperasi under the kop: the filter in words, then one row per factory. */
export function StoppedDocument({ list }: { list: StoppedPrint }) {
  return (
    <article className="print-doc">
      <Kop letterhead={list.letterhead} />
      <div className="doc-head">
        <div>
          <h1>{list.title}</h1>
          <div className="doc-number" data-testid="stopped-print-filter">
            {list.filter.length ? list.filter.map(([k, v]) => `${k}: ${v}`).join(' · ') : 'Semua wilayah, kabupaten/kota dan KBLI'}
          </div>
          <div className="printed-on">{list.printedOn}</div>
        </div>
      </div>
      <table className="grid stopped">
        <thead>
          <tr>
            <th>No.</th>
            <th>Usaha, lokasi, KBLI</th>
            <th>Status, sejak</th>
            <th>Penyebab</th>
            <th>Evaluasi terakhir</th>
            <th>Potensi</th>
            <th>Rekomendasi</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((r, i) => (
            <tr key={`${r.name}:${i}`}>
              <td className="num">{i + 1}</td>
              <td>
                <strong>{r.name}</strong>
                <br />
                {r.place}
                <br />
                {r.kbli}
              </td>
              <td>
                {r.status}
                <br />
                {r.since}
              </td>
              <td>{r.reasons}</td>
              <td>{r.evaluation}</td>
              <td className="num">{r.potential}</td>
              <td>{r.recommendation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">Jumlah: {list.rows.length} usaha. Potensi dihidupkan kembali 1 (kecil) – 5 (besar), dari kunjungan evaluasi terakhir yang final.</p>
    </article>
  );
}
