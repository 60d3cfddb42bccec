import { hash } from '@node-rs/argon2';
import type { Clock } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import {
  apiKeyDisplayPrefix,
  demoApiKeySecret,
  formatApiKey,
  hashApiKeySecret,
} from './api-key.js';
import {
  apiClientsCollection,
  identityMetaCollection,
  organizationsCollection,
  spokespersonsCollection,
  unitsCollection,
  usersCollection,
  type ApiClientRecord,
  type MetaRecord,
  type OrganizationRecord,
  type SpokespersonRecord,
  type UnitRecord,
  type UserRecord,
} from './identity.collections.js';
import type { DirectoryEvents } from './directory-events.js';
import type { Organization, Role, Spokesperson, Unit, UnitLevel } from './identity.contract.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './identity-input.js';

/**
 * The demo data set: Lao Cai's administrative units (the legacy districts with some of their
 * communes, and the two-tier structure in force since 1 July 2025), a few organizations with
 * fictitious spokespersons, one account per role and a partner-system API client. Every record is
 * marked `demo: true`. Unit names are real; people, phones and emails are made up.
 */

/** Bumped when the data set changes shape; recorded in the `demo-seed` meta record. */
export const DEMO_DATA_VERSION = 1;
export const DEMO_SEED_META_ID = 'demo-seed';

/** Documented default password of every demo account (override with `PCN_DEMO_PASSWORD`). */
export const DEMO_PASSWORD = 'pcn-demo-2026';
export const DEMO_PASSWORD_ENV = 'PCN_DEMO_PASSWORD';

/** The demo accounts' password: `PCN_DEMO_PASSWORD` if set, else the documented `DEMO_PASSWORD`. */
export function demoPasswordFrom(environment: NodeJS.ProcessEnv = process.env): string {
  const value = environment[DEMO_PASSWORD_ENV];
  if (value === undefined || value === '') return DEMO_PASSWORD;
  if (value.length < MIN_PASSWORD_LENGTH || value.length > MAX_PASSWORD_LENGTH) {
    throw new Error(
      `${DEMO_PASSWORD_ENV} must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    );
  }
  return value;
}

export const PROVINCE_ID = 'lao-cai';

/* ------------------------------------------------------------------------------------------------
 * Administrative units
 * ---------------------------------------------------------------------------------------------- */

type UnitSeed = readonly [id: string, name: string, level: UnitLevel];

/** Lao Cai's district-level units before 1 July 2025, each with a few of its communes then. */
const LEGACY_DISTRICTS: readonly { id: string; name: string; communes: readonly UnitSeed[] }[] = [
  {
    id: 'lc-tp-lao-cai',
    name: 'Thành phố Lào Cai',
    communes: [
      ['lc-tp-lao-cai-p-coc-leu', 'Phường Cốc Lếu', 'ward'],
      ['lc-tp-lao-cai-p-kim-tan', 'Phường Kim Tân', 'ward'],
      ['lc-tp-lao-cai-p-duyen-hai', 'Phường Duyên Hải', 'ward'],
      ['lc-tp-lao-cai-xa-ta-phoi', 'Xã Tả Phời', 'commune'],
    ],
  },
  {
    id: 'lc-tx-sa-pa',
    name: 'Thị xã Sa Pa',
    communes: [
      ['lc-tx-sa-pa-p-cau-may', 'Phường Cầu Mây', 'ward'],
      ['lc-tx-sa-pa-p-ham-rong', 'Phường Hàm Rồng', 'ward'],
      ['lc-tx-sa-pa-xa-ta-van', 'Xã Tả Van', 'commune'],
      ['lc-tx-sa-pa-xa-ban-ho', 'Xã Bản Hồ', 'commune'],
    ],
  },
  {
    id: 'lc-h-bao-thang',
    name: 'Huyện Bảo Thắng',
    communes: [
      ['lc-h-bao-thang-tt-pho-lu', 'Thị trấn Phố Lu', 'town'],
      ['lc-h-bao-thang-tt-tang-loong', 'Thị trấn Tằng Loỏng', 'town'],
      ['lc-h-bao-thang-xa-xuan-quang', 'Xã Xuân Quang', 'commune'],
    ],
  },
  {
    id: 'lc-h-bat-xat',
    name: 'Huyện Bát Xát',
    communes: [
      ['lc-h-bat-xat-tt-bat-xat', 'Thị trấn Bát Xát', 'town'],
      ['lc-h-bat-xat-xa-y-ty', 'Xã Y Tý', 'commune'],
      ['lc-h-bat-xat-xa-a-mu-sung', 'Xã A Mú Sung', 'commune'],
      ['lc-h-bat-xat-xa-muong-hum', 'Xã Mường Hum', 'commune'],
    ],
  },
  {
    id: 'lc-h-bao-yen',
    name: 'Huyện Bảo Yên',
    communes: [
      ['lc-h-bao-yen-tt-pho-rang', 'Thị trấn Phố Ràng', 'town'],
      ['lc-h-bao-yen-xa-nghia-do', 'Xã Nghĩa Đô', 'commune'],
      ['lc-h-bao-yen-xa-xuan-hoa', 'Xã Xuân Hòa', 'commune'],
    ],
  },
  {
    id: 'lc-h-van-ban',
    name: 'Huyện Văn Bàn',
    communes: [
      ['lc-h-van-ban-tt-khanh-yen', 'Thị trấn Khánh Yên', 'town'],
      ['lc-h-van-ban-xa-nam-xe', 'Xã Nậm Xé', 'commune'],
      ['lc-h-van-ban-xa-duong-quy', 'Xã Dương Quỳ', 'commune'],
    ],
  },
  {
    id: 'lc-h-bac-ha',
    name: 'Huyện Bắc Hà',
    communes: [
      ['lc-h-bac-ha-tt-bac-ha', 'Thị trấn Bắc Hà', 'town'],
      ['lc-h-bac-ha-xa-ban-pho', 'Xã Bản Phố', 'commune'],
      ['lc-h-bac-ha-xa-lung-phinh', 'Xã Lùng Phình', 'commune'],
    ],
  },
  {
    id: 'lc-h-si-ma-cai',
    name: 'Huyện Si Ma Cai',
    communes: [
      ['lc-h-si-ma-cai-tt-si-ma-cai', 'Thị trấn Si Ma Cai', 'town'],
      ['lc-h-si-ma-cai-xa-sin-cheng', 'Xã Sín Chéng', 'commune'],
      ['lc-h-si-ma-cai-xa-ban-me', 'Xã Bản Mế', 'commune'],
    ],
  },
  {
    id: 'lc-h-muong-khuong',
    name: 'Huyện Mường Khương',
    communes: [
      ['lc-h-muong-khuong-tt-muong-khuong', 'Thị trấn Mường Khương', 'town'],
      ['lc-h-muong-khuong-xa-pha-long', 'Xã Pha Long', 'commune'],
      ['lc-h-muong-khuong-xa-ban-lau', 'Xã Bản Lầu', 'commune'],
    ],
  },
];

/** Communes and wards of the two-tier structure (since 1 July 2025), directly under the province. */
const CURRENT_COMMUNES: readonly UnitSeed[] = [
  ['lc-phuong-lao-cai', 'Phường Lào Cai', 'ward'],
  ['lc-phuong-cam-duong', 'Phường Cam Đường', 'ward'],
  ['lc-phuong-sa-pa', 'Phường Sa Pa', 'ward'],
  ['lc-phuong-yen-bai', 'Phường Yên Bái', 'ward'],
  ['lc-phuong-nghia-lo', 'Phường Nghĩa Lộ', 'ward'],
  ['lc-xa-bat-xat', 'Xã Bát Xát', 'commune'],
  ['lc-xa-y-ty', 'Xã Y Tý', 'commune'],
  ['lc-xa-muong-hum', 'Xã Mường Hum', 'commune'],
  ['lc-xa-ta-van', 'Xã Tả Van', 'commune'],
  ['lc-xa-ban-ho', 'Xã Bản Hồ', 'commune'],
  ['lc-xa-bao-thang', 'Xã Bảo Thắng', 'commune'],
  ['lc-xa-bac-ha', 'Xã Bắc Hà', 'commune'],
  ['lc-xa-si-ma-cai', 'Xã Si Ma Cai', 'commune'],
  ['lc-xa-muong-khuong', 'Xã Mường Khương', 'commune'],
  ['lc-xa-pha-long', 'Xã Pha Long', 'commune'],
  ['lc-xa-bao-yen', 'Xã Bảo Yên', 'commune'],
  ['lc-xa-nghia-do', 'Xã Nghĩa Đô', 'commune'],
  ['lc-xa-van-ban', 'Xã Văn Bàn', 'commune'],
  ['lc-xa-mu-cang-chai', 'Xã Mù Cang Chải', 'commune'],
];

function buildUnits(): Unit[] {
  const province: Unit = {
    id: PROVINCE_ID,
    name: 'Tỉnh Lào Cai',
    level: 'province',
    parentId: null,
    path: [PROVINCE_ID],
    active: true,
    demo: true,
  };
  const units: Unit[] = [province];
  for (const [id, name, level] of CURRENT_COMMUNES) {
    units.push({
      id,
      name,
      level,
      parentId: PROVINCE_ID,
      path: [PROVINCE_ID, id],
      active: true,
      demo: true,
    });
  }
  for (const district of LEGACY_DISTRICTS) {
    const districtPath = [PROVINCE_ID, district.id];
    units.push({
      id: district.id,
      name: district.name,
      level: 'district',
      parentId: PROVINCE_ID,
      path: districtPath,
      active: false,
      demo: true,
    });
    for (const [id, name, level] of district.communes) {
      units.push({
        id,
        name,
        level,
        parentId: district.id,
        path: [...districtPath, id],
        active: false,
        demo: true,
      });
    }
  }
  return units;
}

export const DEMO_UNITS: readonly Unit[] = buildUnits();

/* ------------------------------------------------------------------------------------------------
 * Organizations and spokespersons
 * ---------------------------------------------------------------------------------------------- */

export const DEMO_ORGANIZATIONS: readonly Organization[] = [
  {
    id: 'org-ubnd-tinh',
    name: 'Ủy ban nhân dân tỉnh Lào Cai',
    kind: 'drafting_agency',
    unitId: PROVINCE_ID,
    demo: true,
  },
  {
    id: 'org-so-tu-phap',
    name: 'Sở Tư pháp tỉnh Lào Cai',
    kind: 'drafting_agency',
    unitId: PROVINCE_ID,
    demo: true,
  },
  {
    id: 'org-so-tai-chinh',
    name: 'Sở Tài chính tỉnh Lào Cai',
    kind: 'drafting_agency',
    unitId: PROVINCE_ID,
    demo: true,
  },
  {
    id: 'org-so-nn-mt',
    name: 'Sở Nông nghiệp và Môi trường tỉnh Lào Cai',
    kind: 'drafting_agency',
    unitId: PROVINCE_ID,
    demo: true,
  },
  {
    id: 'org-so-dt-tg',
    name: 'Sở Dân tộc và Tôn giáo tỉnh Lào Cai',
    kind: 'drafting_agency',
    unitId: PROVINCE_ID,
    demo: true,
  },
  {
    id: 'org-bao-lao-cai',
    name: 'Báo Lào Cai',
    kind: 'press_agency',
    unitId: PROVINCE_ID,
    demo: true,
  },
  {
    id: 'org-dai-ptth',
    name: 'Đài Phát thanh và Truyền hình Lào Cai',
    kind: 'press_agency',
    unitId: PROVINCE_ID,
    demo: true,
  },
  {
    id: 'org-ubnd-y-ty',
    name: 'Ủy ban nhân dân xã Y Tý',
    kind: 'unit_office',
    unitId: 'lc-xa-y-ty',
    demo: true,
  },
  {
    id: 'org-ubnd-sa-pa',
    name: 'Ủy ban nhân dân phường Sa Pa',
    kind: 'unit_office',
    unitId: 'lc-phuong-sa-pa',
    demo: true,
  },
  {
    id: 'org-cong-ttdt',
    name: 'Cổng Thông tin điện tử tỉnh Lào Cai',
    kind: 'partner_system',
    unitId: PROVINCE_ID,
    demo: true,
  },
];

/** Fictitious people: names, phones (000 exchange) and emails (demo domain) are made up. */
export const DEMO_SPOKESPERSONS: readonly Spokesperson[] = [
  {
    id: 'sp-ubnd-tinh',
    organizationId: 'org-ubnd-tinh',
    name: 'Nguyễn Văn Demo',
    position: 'Chánh Văn phòng Ủy ban nhân dân tỉnh',
    phone: '+84 214 000 0101',
    email: 'phatngon.ubnd@demo.laocai.gov.vn',
    demo: true,
  },
  {
    id: 'sp-so-tu-phap',
    organizationId: 'org-so-tu-phap',
    name: 'Trần Thị Demo',
    position: 'Phó Giám đốc Sở Tư pháp',
    phone: '+84 214 000 0102',
    email: 'phatngon.stp@demo.laocai.gov.vn',
    demo: true,
  },
  {
    id: 'sp-so-tai-chinh',
    organizationId: 'org-so-tai-chinh',
    name: 'Lê Văn Demo',
    position: 'Phó Giám đốc Sở Tài chính',
    phone: '+84 214 000 0103',
    email: 'phatngon.stc@demo.laocai.gov.vn',
    demo: true,
  },
  {
    id: 'sp-so-nn-mt',
    organizationId: 'org-so-nn-mt',
    name: 'Phạm Thị Demo',
    position: 'Phó Giám đốc Sở Nông nghiệp và Môi trường',
    phone: '+84 214 000 0104',
    email: 'phatngon.snnmt@demo.laocai.gov.vn',
    demo: true,
  },
];

/* ------------------------------------------------------------------------------------------------
 * Accounts
 * ---------------------------------------------------------------------------------------------- */

export interface DemoAccount {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organizationId: string | null;
  unitIds: readonly string[];
  /** What the account may act on, in words, for the README. */
  scope: string;
}

/** One account per user-facing role; all sign in with `demoPasswordFrom()` (`pcn-demo-2026`). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: 'user-demo-admin',
    email: 'admin@demo.pcn.vn',
    displayName: 'Quản trị mạng lưới (demo)',
    role: 'network_admin',
    organizationId: null,
    unitIds: [],
    scope: 'the whole network',
  },
  {
    id: 'user-demo-editor-stp',
    email: 'editor.stp@demo.pcn.vn',
    displayName: 'Biên tập viên Sở Tư pháp (demo)',
    role: 'agency_editor',
    organizationId: 'org-so-tu-phap',
    unitIds: [],
    scope: 'organization org-so-tu-phap (Sở Tư pháp)',
  },
  {
    id: 'user-demo-editor-stc',
    email: 'editor.stc@demo.pcn.vn',
    displayName: 'Biên tập viên Sở Tài chính (demo)',
    role: 'agency_editor',
    organizationId: 'org-so-tai-chinh',
    unitIds: [],
    scope: 'organization org-so-tai-chinh (Sở Tài chính)',
  },
  {
    id: 'user-demo-officer-yty',
    email: 'officer.yty@demo.pcn.vn',
    displayName: 'Cán bộ xã Y Tý (demo)',
    role: 'unit_officer',
    organizationId: 'org-ubnd-y-ty',
    unitIds: ['lc-xa-y-ty'],
    scope: 'unit lc-xa-y-ty (Xã Y Tý) and its subtree',
  },
  {
    id: 'user-demo-press',
    email: 'press@demo.pcn.vn',
    displayName: 'Phóng viên Báo Lào Cai (demo)',
    role: 'press_partner',
    organizationId: 'org-bao-lao-cai',
    unitIds: [],
    scope: 'organization org-bao-lao-cai (Báo Lào Cai)',
  },
];

/** The demo partner system (the provincial portal), authenticating with `X-Api-Key`. */
export const DEMO_PARTNER_API_CLIENT = {
  id: 'demo-cong-ttdt',
  name: 'Cổng Thông tin điện tử tỉnh Lào Cai (demo)',
  organizationId: 'org-cong-ttdt',
  roles: ['partner_system'] as Role[],
} as const;

/**
 * DEMO ONLY, PUBLIC: the demo partner system's API key. It is derived from a fixed seed (see
 * `demoApiKeySecret`) so that the README can show it, which means anyone can compute it: revoke or
 * rotate the `demo-cong-ttdt` client on any network that is not a throwaway demo. Keys of real
 * clients (`createApiClient`, `rotateApiKey`) are random.
 */
export const DEMO_PARTNER_API_KEY = formatApiKey(
  DEMO_PARTNER_API_CLIENT.id,
  demoApiKeySecret(DEMO_PARTNER_API_CLIENT.id),
);

/* ------------------------------------------------------------------------------------------------
 * Seeding
 * ---------------------------------------------------------------------------------------------- */

export interface SeedDemoOptions {
  store: Store;
  clock: Clock;
  /** Password of every demo account; see `demoPasswordFrom`. */
  password: string;
  /** Normalises emails the way sign-in does. */
  normaliseEmail: (email: string) => string;
  /**
   * Writes the directory event for the units, in the seeding transaction. Without it (a tool that
   * seeds a store), the gateway's next boot sends the tree out instead.
   */
  directoryEvents?: Pick<DirectoryEvents, 'unitsChanged'>;
}

/** Whether the store holds the demo data set (its public password and partner key work then). */
export async function demoDataLoaded(store: Store): Promise<boolean> {
  return (
    (await store.collection<MetaRecord>(identityMetaCollection).get(DEMO_SEED_META_ID)) !== null
  );
}

/**
 * Writes the demo data set unless the `demo-seed` meta record says it is there already. Everything
 * is written in one transaction with that record, so a crash leaves either all or nothing, and
 * replicas seeding at once write it once. Returns whether anything was written.
 */
export async function seedDemoData(options: SeedDemoOptions): Promise<boolean> {
  const { store, clock } = options;
  const meta = store.collection<MetaRecord>(identityMetaCollection);
  if ((await meta.get(DEMO_SEED_META_ID)) !== null) return false;

  // Hash outside the transaction: it is slow and the transaction may be retried.
  const passwordHashes = await Promise.all(DEMO_ACCOUNTS.map(() => hash(options.password)));
  const now = clock.now().toISOString();
  const users: UserRecord[] = DEMO_ACCOUNTS.map((account, i) => ({
    id: account.id,
    email: options.normaliseEmail(account.email),
    displayName: account.displayName,
    passwordHash: passwordHashes[i] ?? '',
    roles: [account.role],
    organizationId: account.organizationId,
    unitIds: [...account.unitIds],
    disabled: false,
    credentialsVersion: 1,
    createdAt: now,
    updatedAt: now,
    demo: true,
  }));
  const partnerSecret = demoApiKeySecret(DEMO_PARTNER_API_CLIENT.id);
  const apiClient: ApiClientRecord = {
    id: DEMO_PARTNER_API_CLIENT.id,
    name: DEMO_PARTNER_API_CLIENT.name,
    organizationId: DEMO_PARTNER_API_CLIENT.organizationId,
    roles: [...DEMO_PARTNER_API_CLIENT.roles],
    secretHash: hashApiKeySecret(partnerSecret),
    keyPrefix: apiKeyDisplayPrefix(DEMO_PARTNER_API_CLIENT.id, partnerSecret),
    revoked: false,
    revokedAt: null,
    createdAt: now,
    rotatedAt: null,
    demo: true,
  };

  return store.transaction(async (tx) => {
    const txMeta = tx.collection<MetaRecord>(identityMetaCollection);
    if ((await txMeta.get(DEMO_SEED_META_ID)) !== null) return false;
    await tx.collection<UnitRecord>(unitsCollection).insertMany(DEMO_UNITS.map((u) => ({ ...u })));
    await options.directoryEvents?.unitsChanged(tx, DEMO_UNITS);
    await tx
      .collection<OrganizationRecord>(organizationsCollection)
      .insertMany(DEMO_ORGANIZATIONS.map((o) => ({ ...o })));
    await tx
      .collection<SpokespersonRecord>(spokespersonsCollection)
      .insertMany(DEMO_SPOKESPERSONS.map((s) => ({ ...s })));
    await tx.collection<UserRecord>(usersCollection).insertMany(users);
    await tx.collection<ApiClientRecord>(apiClientsCollection).insert(apiClient);
    await txMeta.insert({
      id: DEMO_SEED_META_ID,
      at: now,
      dataVersion: DEMO_DATA_VERSION,
      demo: true,
    });
    return true;
  });
}
