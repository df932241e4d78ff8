import type { Db } from '../open-database';

/** The synced `replica` table (every laptop that ever wrote: its officer and number tag), and names of records for the review screens. */
export function createReplicasRepo(db: Db) {
  const tagTaken = db.prepare<[string, string]>('SELECT 1 FROM replica WHERE tag = ? AND id <> ?').pluck();
  const byId = db.prepare<[string], { officer_id: string | null; tag: string }>('SELECT officer_id, tag FROM replica WHERE id = ?');
  const officerName = db.prepare<[string]>('SELECT o.name FROM replica r JOIN officer o ON o.id = r.officer_id WHERE r.id = ?').pluck();
  const recordNames: Record<string, ReturnType<Db['prepare']>> = {
    site: db.prepare('SELECT \'Usaha "\' || name || \'"\' FROM site WHERE id = ?').pluck(),
    visit: db.prepare("SELECT 'Kunjungan ' || v.number || ' (' || s.name || ')' FROM visit v JOIN site s ON s.id = v.site_id WHERE v.id = ?").pluck(),
    attachment: db.prepare('SELECT \'Lampiran "\' || file_name || \'"\' FROM attachment WHERE id = ?').pluck(),
    officer: db.prepare("SELECT 'Petugas ' || name FROM officer WHERE id = ?").pluck(),
    wilayah: db.prepare("SELECT 'Wilayah ' || name FROM wilayah WHERE id = ?").pluck(),
    wilayah_regency: db.prepare("SELECT 'Kabupaten/kota ' || name FROM area WHERE code = ?").pluck(),
    sentra: db.prepare('SELECT \'Sentra "\' || name || \'"\' FROM sentra WHERE id = ?').pluck(),
    office_setting: db.prepare("SELECT 'Aturan kantor' FROM office_setting WHERE key = ?").pluck(),
  };

  return {
    /** True when another replica known here already numbers its visits with `tag`. */
    tagTaken: (tag: string, ownId: string): boolean => tagTaken.get(tag, ownId) !== undefined,
    get: (id: string) => byId.get(id) ?? null,
    /** The officer of the laptop that wrote with this replica id, when it is known here. */
    officerName: (replicaId: string): string | null => (officerName.get(replicaId) as string | undefined) ?? null,
    /** A record in words, e.g. 'Usaha "Amplang Mama Ani"'; null for a table without a name. */
    recordName: (table: string, id: string): string | null => (recordNames[table]?.get(id) as string | undefined) ?? null,
  };
}
export type ReplicasRepo = ReturnType<typeof createReplicasRepo>;
