import { draft as pb } from '@pcn/contracts';
import {
  AlreadyExistsError,
  callUnary,
  runInContext,
  uuidv7,
  type CallerIdentity,
  type Logger,
} from '@pcn/platform';
import type { DraftClient } from './draft-client.js';

/** Who seeds the demo draft: the gateway itself, acting as a network admin. */
const SEEDER: CallerIdentity = {
  kind: 'service',
  id: 'gateway-demo-seed',
  roles: ['network_admin'],
};
export const DEMO_DRAFT_CODE = 'DEMO-QD-2026-01';

const t = (vi: string, hmn: string) => ({ vi, hmn });

/** A provincial decision in Vietnamese and Hmong, the demo data set's draft. */
const content: pb.DraftContent = {
  title: t(
    '[DEMO] Dự thảo Quyết định quy định giá dịch vụ đò ngang trên địa bàn tỉnh Lào Cai',
    '[DEMO] Daim ntawv txiav txim txog tus nqi nkoj hla dej hauv xeev Lao Cai',
  ),
  summary: t(
    'Quy định mức giá tối đa dịch vụ đò ngang và các trường hợp miễn, giảm.',
    'Txoj cai txog tus nqi siab tshaj plaws ntawm nkoj hla dej thiab cov neeg tau zam.',
  ),
  chapters: [
    {
      id: 'ch1',
      number: 'I',
      title: t('Quy định chung', 'Txoj cai dav dav'),
      articles: [
        {
          id: 'a1',
          number: '1',
          title: t('Phạm vi điều chỉnh', 'Ciam teb'),
          clauses: [
            {
              id: 'a1c1',
              number: '1',
              text: t(
                'Quyết định này quy định giá tối đa dịch vụ đò ngang trên địa bàn tỉnh.',
                'Daim ntawv no teev tus nqi siab tshaj plaws ntawm nkoj hla dej hauv xeev.',
              ),
            },
          ],
        },
        {
          id: 'a2',
          number: '2',
          title: t('Mức giá và miễn giảm', 'Tus nqi thiab kev zam'),
          clauses: [
            {
              id: 'a2c1',
              number: '1',
              text: t(
                'Giá tối đa là 20.000 đồng một lượt người.',
                'Tus nqi siab tshaj yog 20.000 daim ib tus neeg ib zaug.',
              ),
            },
            {
              id: 'a2c2',
              number: '2',
              text: t(
                'Học sinh và người cao tuổi được miễn giá.',
                'Cov tub ntxhais kawm ntawv thiab cov laus tsis them nqi.',
              ),
            },
          ],
        },
      ],
    },
  ],
};

/**
 * Creates the demo draft once (its code is unique, so a second run finds it), translated to Hmong
 * with the translation approved, and opens a month-long consultation. The draft service may start
 * after the gateway, so this retries in the background until it answers.
 */
export function seedDemoDraft(drafts: DraftClient, logger: Logger): { stop(): void } {
  let stopped = false;
  const as = <T>(fn: () => Promise<T>) =>
    runInContext({ correlationId: uuidv7(), caller: SEEDER }, fn);
  const c = drafts.client;
  const attempt = async (): Promise<void> => {
    let created: pb.Draft | undefined;
    try {
      created = (
        await as(() =>
          callUnary(c.createDraft.bind(c), {
            code: DEMO_DRAFT_CODE,
            documentType: 'provincial_decision',
            agencyId: 'org-so-tai-chinh',
            content,
            policyAreas: ['demo', 'transport', 'prices'],
            target: {
              unitIds: ['lc-xa-y-ty', 'lc-xa-ban-ho', 'lc-xa-bat-xat'],
              ethnicGroups: ['mong', 'dao'],
              audienceGroups: ['border_residents'],
            },
            spokespersonId: '',
            publicDisclosure: true,
            attachments: [],
          }),
        )
      ).draft;
    } catch (err) {
      if (err instanceof AlreadyExistsError) return;
      throw err;
    }
    if (!created) return;
    const approved = await as(() =>
      callUnary(c.setTranslation.bind(c), {
        id: created.id,
        expectedVersion: created.version,
        language: 'hmn',
        content,
        status: pb.TranslationStatus.TRANSLATION_STATUS_APPROVED,
      }),
    );
    const now = Date.now();
    await as(() =>
      callUnary(c.openConsultation.bind(c), {
        id: created.id,
        expectedVersion: approved.draft?.version ?? 0,
        opensAt: new Date(now),
        closesAt: new Date(now + 30 * 86_400_000),
        languages: [],
      }),
    );
    logger.info(
      { draftId: created.id, code: DEMO_DRAFT_CODE },
      'demo draft created and opened for consultation',
    );
  };
  void (async () => {
    for (let delay = 500; !stopped; delay = Math.min(delay * 2, 10_000)) {
      try {
        await attempt();
        return;
      } catch (err) {
        logger.debug({ err }, 'demo draft not seeded yet; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  })();
  return {
    stop() {
      stopped = true;
    },
  };
}
