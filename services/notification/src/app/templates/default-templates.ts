import type { EventType } from '@pcn/events';
import type { Channel, Template } from '../notification.model.js';
import { templateId } from './template-render.js';

/**
 * Built-in templates, seeded into the store on first boot so that a fresh network notifies people
 * before anyone has written a template. Agencies then edit them like any other. Every notifiable
 * event has a template on every channel in each language shipped here: Vietnamese (the fallback)
 * and White Hmong (RPA). The Hmong texts for ConsultationClosed and DraftPromulgated were written
 * without a native speaker and await review by one, as do the Hmong receipts and answers to a
 * comment (FeedbackReceived, FeedbackAnswered). SMS stay within two UCS-2 segments with realistic
 * values.
 */

type Text = { subject: string; body: string };
type ChannelTexts = Record<Channel, Text>;

const VI_SIGNATURE = `Trân trọng,
{{network.name}}

Bạn nhận thư này vì đã đăng ký nhận thông báo về chính sách. Ngừng nhận thư: {{unsubscribeUrl}}`;

const HMN_SIGNATURE = `Ua tsaug,
{{network.name}}

Yog koj tsis xav txais cov ntawv no lawm, nias qhov no: {{unsubscribeUrl}}`;

const OPENED = 'pcn.draft.v1.ConsultationOpened';
const CLOSING_SOON = 'pcn.draft.v1.ConsultationClosingSoon';
const CLOSED = 'pcn.draft.v1.ConsultationClosed';
const PROMULGATED = 'pcn.draft.v1.DraftPromulgated';
const RECEIVED = 'pcn.feedback.v1.FeedbackReceived';
const ANSWERED = 'pcn.feedback.v1.FeedbackAnswered';

const TEXTS: Partial<Record<EventType, Record<string, ChannelTexts>>> = {
  [OPENED]: {
    vi: {
      email: {
        subject: 'Mời góp ý dự thảo: {{title}}',
        body: `Kính gửi Quý vị,

Dự thảo "{{title}}" ({{code}}) đang được lấy ý kiến nhân dân từ {{opensAt | date}} đến {{closesAt | date}}.

Mời Quý vị đọc toàn văn dự thảo và gửi góp ý tại: {{draftUrl}}

${VI_SIGNATURE}`,
      },
      sms: {
        subject: 'Mời góp ý dự thảo',
        body: 'Mời góp ý dự thảo {{code}} đến {{closesAt | dateonly}}: {{draftUrl}} Ngừng nhận: STOP',
      },
      zalo: {
        subject: 'Mời góp ý dự thảo',
        body: `Dự thảo "{{title}}" đang lấy ý kiến đến {{closesAt | date}}.
Xem và góp ý: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Mở lấy ý kiến dự thảo {{code}}',
        body: 'Mở lấy ý kiến dự thảo {{code}} "{{title}}" từ {{opensAt | date}} đến {{closesAt | date}}.',
      },
      in_app: {
        subject: 'Mời góp ý: {{title}}',
        body: 'Dự thảo {{code}} đang lấy ý kiến đến {{closesAt | date}}. Mời bạn đọc và gửi góp ý.',
      },
    },
    hmn: {
      email: {
        subject: 'Thov muab tswv yim: {{title}}',
        body: `Nyob zoo,

Peb tab tom sau tswv yim txog "{{title}}" ({{code}}) txij {{opensAt | date}} mus txog {{closesAt | date}}.

Thov nyeem thiab muab koj tswv yim ntawm no: {{draftUrl}}

${HMN_SIGNATURE}`,
      },
      sms: {
        subject: 'Thov muab tswv yim',
        body: 'Thov muab tswv yim rau {{code}} ua ntej {{closesAt | dateonly}}: {{draftUrl}} Tsis txais: STOP',
      },
      zalo: {
        subject: 'Thov muab tswv yim',
        body: `Peb tab tom sau tswv yim txog "{{title}}" mus txog {{closesAt | date}}.
Nyeem thiab muab tswv yim: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Qhib sau tswv yim rau {{code}}',
        body: 'Qhib sau tswv yim rau {{code}} "{{title}}" txij {{opensAt | date}} mus txog {{closesAt | date}}.',
      },
      in_app: {
        subject: 'Thov muab tswv yim: {{title}}',
        body: 'Sau tswv yim rau {{code}} mus txog {{closesAt | date}}. Thov nyeem thiab muab koj tswv yim.',
      },
    },
  },
  [CLOSING_SOON]: {
    vi: {
      email: {
        subject: 'Sắp hết hạn góp ý: {{title}}',
        body: `Kính gửi Quý vị,

Việc lấy ý kiến dự thảo "{{title}}" ({{code}}) sẽ kết thúc lúc {{closesAt | date}}.

Nếu Quý vị chưa góp ý, xin mời gửi ý kiến trước thời hạn tại: {{draftUrl}}

${VI_SIGNATURE}`,
      },
      sms: {
        subject: 'Sắp hết hạn góp ý',
        body: 'Dự thảo {{code}} hết hạn góp ý lúc {{closesAt | date}}. Góp ý: {{draftUrl}} Ngừng nhận: STOP',
      },
      zalo: {
        subject: 'Sắp hết hạn góp ý',
        body: `Lấy ý kiến dự thảo "{{title}}" kết thúc lúc {{closesAt | date}}.
Góp ý ngay: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Sắp hết hạn lấy ý kiến dự thảo {{code}}',
        body: 'Dự thảo {{code}} "{{title}}" sắp hết hạn lấy ý kiến ({{closesAt | date}}).',
      },
      in_app: {
        subject: 'Sắp hết hạn góp ý: {{title}}',
        body: 'Lấy ý kiến dự thảo {{code}} kết thúc lúc {{closesAt | date}}. Đừng bỏ lỡ cơ hội góp ý.',
      },
    },
    hmn: {
      email: {
        subject: 'Yuav kaw sai sai no: {{title}}',
        body: `Nyob zoo,

Kev sau tswv yim txog "{{title}}" ({{code}}) yuav kaw thaum {{closesAt | date}}.

Yog koj tseem tsis tau muab tswv yim, thov muab ua ntej kaw ntawm no: {{draftUrl}}

${HMN_SIGNATURE}`,
      },
      sms: {
        subject: 'Yuav kaw sai sai no',
        body: 'Kev sau tswv yim rau {{code}} yuav kaw thaum {{closesAt | date}}. Muab tswv yim: {{draftUrl}} Tsis txais: STOP',
      },
      zalo: {
        subject: 'Yuav kaw sai sai no',
        body: `Kev sau tswv yim txog "{{title}}" yuav kaw thaum {{closesAt | date}}.
Muab tswv yim: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Yuav kaw sau tswv yim rau {{code}}',
        body: 'Kev sau tswv yim rau {{code}} "{{title}}" yuav kaw thaum {{closesAt | date}}.',
      },
      in_app: {
        subject: 'Yuav kaw sai sai no: {{title}}',
        body: 'Kev sau tswv yim rau {{code}} yuav kaw thaum {{closesAt | date}}. Thov tsis txhob plam.',
      },
    },
  },
  [CLOSED]: {
    vi: {
      email: {
        subject: 'Đã kết thúc lấy ý kiến: {{title}}',
        body: `Kính gửi Quý vị,

Việc lấy ý kiến dự thảo "{{title}}" ({{code}}) đã kết thúc lúc {{closedAt | date}}.

Cảm ơn Quý vị đã quan tâm. Cơ quan soạn thảo sẽ tổng hợp, tiếp thu, giải trình các ý kiến và công bố tại: {{draftUrl}}

${VI_SIGNATURE}`,
      },
      sms: {
        subject: 'Đã kết thúc lấy ý kiến',
        body: 'Đã kết thúc lấy ý kiến dự thảo {{code}}. Xem: {{draftUrl}} Ngừng nhận: STOP',
      },
      zalo: {
        subject: 'Đã kết thúc lấy ý kiến',
        body: `Lấy ý kiến dự thảo "{{title}}" đã kết thúc lúc {{closedAt | date}}. Cảm ơn bạn đã quan tâm.
Kết quả tiếp thu sẽ được công bố tại: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Kết thúc lấy ý kiến dự thảo {{code}}',
        body: 'Kết thúc lấy ý kiến dự thảo {{code}} "{{title}}" lúc {{closedAt | date}}.',
      },
      in_app: {
        subject: 'Đã kết thúc lấy ý kiến: {{title}}',
        body: 'Lấy ý kiến dự thảo {{code}} đã kết thúc lúc {{closedAt | date}}. Cảm ơn bạn đã tham gia.',
      },
    },
    hmn: {
      email: {
        subject: 'Kaw sau tswv yim lawm: {{title}}',
        body: `Nyob zoo,

Kev sau tswv yim txog "{{title}}" ({{code}}) tau kaw lawm thaum {{closedAt | date}}.

Ua tsaug rau koj txoj kev txaus siab. Lub chaw sau txoj cai no yuav muab cov tswv yim los sau ua ke, teb thiab tshaj tawm ntawm no: {{draftUrl}}

${HMN_SIGNATURE}`,
      },
      sms: {
        subject: 'Kaw sau tswv yim lawm',
        body: 'Kev sau tswv yim rau {{code}} tau kaw lawm. Saib: {{draftUrl}} Tsis txais: STOP',
      },
      zalo: {
        subject: 'Kaw sau tswv yim lawm',
        body: `Kev sau tswv yim txog "{{title}}" tau kaw lawm thaum {{closedAt | date}}. Ua tsaug rau koj txoj kev txaus siab.
Cov lus teb rau cov tswv yim yuav tshaj tawm ntawm: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Kaw sau tswv yim rau {{code}}',
        body: 'Kaw sau tswv yim rau {{code}} "{{title}}" thaum {{closedAt | date}}.',
      },
      in_app: {
        subject: 'Kaw sau tswv yim lawm: {{title}}',
        body: 'Kev sau tswv yim rau {{code}} tau kaw lawm thaum {{closedAt | date}}. Ua tsaug rau koj txoj kev koom tes.',
      },
    },
  },
  [PROMULGATED]: {
    vi: {
      email: {
        subject: 'Đã ban hành: {{title}}',
        body: `Kính gửi Quý vị,

"{{title}}" đã được ban hành theo văn bản số {{documentNumber}}, ký ngày {{signedOn | dateonly}}, có hiệu lực từ ngày {{effectiveOn | dateonly}}.

Xem toàn văn và kết quả tiếp thu ý kiến tại: {{draftUrl}}

${VI_SIGNATURE}`,
      },
      sms: {
        subject: 'Đã ban hành văn bản',
        body: 'Đã ban hành văn bản số {{documentNumber}}, hiệu lực từ {{effectiveOn | dateonly}}. Xem: {{draftUrl}} Ngừng nhận: STOP',
      },
      zalo: {
        subject: 'Đã ban hành văn bản',
        body: `"{{title}}" đã được ban hành (số {{documentNumber}}), có hiệu lực từ {{effectiveOn | dateonly}}.
Xem toàn văn: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Ban hành văn bản số {{documentNumber}}',
        body: 'Ban hành văn bản số {{documentNumber}} (dự thảo {{code}}), hiệu lực từ {{effectiveOn | dateonly}}.',
      },
      in_app: {
        subject: 'Đã ban hành: {{title}}',
        body: 'Văn bản số {{documentNumber}} có hiệu lực từ ngày {{effectiveOn | dateonly}}.',
      },
    },
    hmn: {
      email: {
        subject: 'Tau tshaj tawm lawm: {{title}}',
        body: `Nyob zoo,

"{{title}}" tau tshaj tawm lawm raws li daim ntawv naj npawb {{documentNumber}}, kos npe hnub {{signedOn | dateonly}}, pib siv txij hnub {{effectiveOn | dateonly}}.

Nyeem tag nrho thiab saib cov lus teb rau cov tswv yim ntawm no: {{draftUrl}}

${HMN_SIGNATURE}`,
      },
      sms: {
        subject: 'Tau tshaj tawm daim ntawv',
        body: 'Tau tshaj tawm ntawv {{documentNumber}}, pib siv txij {{effectiveOn | dateonly}}. Saib: {{draftUrl}} Tsis txais: STOP',
      },
      zalo: {
        subject: 'Tau tshaj tawm daim ntawv',
        body: `"{{title}}" tau tshaj tawm lawm (naj npawb {{documentNumber}}), pib siv txij {{effectiveOn | dateonly}}.
Nyeem tag nrho: {{draftUrl}}`,
      },
      webhook: {
        subject: 'Tshaj tawm daim ntawv naj npawb {{documentNumber}}',
        body: 'Tshaj tawm daim ntawv naj npawb {{documentNumber}} ({{code}}), pib siv txij {{effectiveOn | dateonly}}.',
      },
      in_app: {
        subject: 'Tau tshaj tawm lawm: {{title}}',
        body: 'Daim ntawv naj npawb {{documentNumber}} pib siv txij hnub {{effectiveOn | dateonly}}.',
      },
    },
  },
  // To the one person who sent a comment, who may not be a subscriber: no unsubscribe line. SMS
  // answers are cut to fit by the composer (reply-text.ts), the link points to the published answers.
  [RECEIVED]: {
    vi: {
      email: {
        subject: 'Đã nhận góp ý của Quý vị (mã {{receiptCode}})',
        body: `Kính gửi Quý vị,

Chúng tôi đã nhận được góp ý của Quý vị về dự thảo{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}}.

Mã biên nhận: {{receiptCode}}. Xin giữ mã này để tra cứu; câu trả lời của cơ quan soạn thảo sẽ được gửi tới Quý vị khi được công bố.{{#if draftUrl}}

Dự thảo và các câu trả lời: {{draftUrl}}{{/if}}

Trân trọng,
{{network.name}}`,
      },
      sms: {
        subject: 'Đã nhận góp ý',
        body: 'Đã nhận góp ý của bạn về dự thảo{{#if draftCode}} {{draftCode}}{{/if}}. Mã biên nhận: {{receiptCode}}',
      },
      zalo: {
        subject: 'Đã nhận góp ý',
        body: `Chúng tôi đã nhận góp ý của bạn về dự thảo{{#if title}} "{{title}}"{{/if}}. Mã biên nhận: {{receiptCode}}.
Câu trả lời sẽ được gửi tới bạn khi được công bố.`,
      },
      webhook: {
        subject: 'Đã nhận góp ý {{receiptCode}}',
        body: 'Đã nhận góp ý về dự thảo{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}}. Mã biên nhận: {{receiptCode}}.',
      },
      in_app: {
        subject: 'Đã nhận góp ý của bạn',
        body: 'Góp ý của bạn về dự thảo{{#if title}} "{{title}}"{{/if}} đã được tiếp nhận. Mã biên nhận: {{receiptCode}}.',
      },
    },
    hmn: {
      email: {
        subject: 'Peb tau txais koj tswv yim (tus lej {{receiptCode}})',
        body: `Nyob zoo,

Peb tau txais koj cov tswv yim txog{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}}.

Koj tus lej txais: {{receiptCode}}. Thov khaws tus lej no; thaum lub chaw haujlwm teb lawm, peb yuav xa cov lus teb rau koj.{{#if draftUrl}}

Nyeem ntxiv thiab saib cov lus teb: {{draftUrl}}{{/if}}

Ua tsaug,
{{network.name}}`,
      },
      sms: {
        subject: 'Tau txais tswv yim',
        body: 'Peb tau txais koj tswv yim txog{{#if draftCode}} {{draftCode}}{{/if}}. Tus lej txais: {{receiptCode}}',
      },
      zalo: {
        subject: 'Tau txais tswv yim',
        body: `Peb tau txais koj tswv yim txog{{#if title}} "{{title}}"{{/if}}. Tus lej txais: {{receiptCode}}.
Peb yuav xa cov lus teb rau koj thaum muaj.`,
      },
      webhook: {
        subject: 'Tau txais tswv yim {{receiptCode}}',
        body: 'Tau txais tswv yim txog{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}}. Tus lej txais: {{receiptCode}}.',
      },
      in_app: {
        subject: 'Peb tau txais koj tswv yim',
        body: 'Peb tau txais koj tswv yim txog{{#if title}} "{{title}}"{{/if}}. Tus lej txais: {{receiptCode}}.',
      },
    },
  },
  [ANSWERED]: {
    vi: {
      email: {
        subject: 'Trả lời góp ý của Quý vị (mã {{receiptCode}})',
        body: `Kính gửi Quý vị,

Cơ quan soạn thảo đã trả lời góp ý (mã {{receiptCode}}) của Quý vị về dự thảo{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}}: góp ý {{outcomeText}}.

Giải trình: {{reason}}{{#if draftUrl}}

Các góp ý và câu trả lời được công bố tại: {{draftUrl}}{{/if}}

Trân trọng,
{{network.name}}`,
      },
      sms: {
        subject: 'Trả lời góp ý',
        body: 'Góp ý {{receiptCode}} {{outcomeText}}: {{reason}}{{#if draftUrl}} Xem: {{draftUrl}}{{/if}}',
      },
      zalo: {
        subject: 'Trả lời góp ý',
        body: `Góp ý của bạn (mã {{receiptCode}}) về dự thảo{{#if title}} "{{title}}"{{/if}} {{outcomeText}}.
Giải trình: {{reason}}{{#if draftUrl}}
Xem chi tiết: {{draftUrl}}{{/if}}`,
      },
      webhook: {
        subject: 'Trả lời góp ý {{receiptCode}}',
        body: 'Góp ý {{receiptCode}} về dự thảo{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}} {{outcomeText}}. Giải trình: {{reason}}',
      },
      in_app: {
        subject: 'Trả lời góp ý của bạn{{#if title}}: {{title}}{{/if}}',
        body: 'Góp ý (mã {{receiptCode}}) {{outcomeText}}. Giải trình: {{reason}}',
      },
    },
    hmn: {
      email: {
        subject: 'Lus teb rau koj tswv yim (tus lej {{receiptCode}})',
        body: `Nyob zoo,

Lub chaw haujlwm sau txoj cai tau teb koj tswv yim (tus lej {{receiptCode}}) txog{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}}: koj tswv yim {{outcomeText}}.

Vim li cas: {{reason}}{{#if draftUrl}}

Cov tswv yim thiab cov lus teb nyob ntawm no: {{draftUrl}}{{/if}}

Ua tsaug,
{{network.name}}`,
      },
      sms: {
        subject: 'Lus teb rau tswv yim',
        body: 'Tswv yim {{receiptCode}} {{outcomeText}}: {{reason}}{{#if draftUrl}} Saib: {{draftUrl}}{{/if}}',
      },
      zalo: {
        subject: 'Lus teb rau tswv yim',
        body: `Koj tswv yim (tus lej {{receiptCode}}) txog{{#if title}} "{{title}}"{{/if}} {{outcomeText}}.
Vim li cas: {{reason}}{{#if draftUrl}}
Nyeem ntxiv: {{draftUrl}}{{/if}}`,
      },
      webhook: {
        subject: 'Lus teb rau tswv yim {{receiptCode}}',
        body: 'Tswv yim {{receiptCode}} txog{{#if draftCode}} {{draftCode}}{{/if}}{{#if title}} "{{title}}"{{/if}} {{outcomeText}}. Vim li cas: {{reason}}',
      },
      in_app: {
        subject: 'Lus teb rau koj tswv yim{{#if title}}: {{title}}{{/if}}',
        body: 'Koj tswv yim (tus lej {{receiptCode}}) {{outcomeText}}. Vim li cas: {{reason}}',
      },
    },
  },
};

/** Every built-in template, stamped with the seeding time and `updatedBy: 'system'`. */
export function defaultTemplates(updatedAt: string): Template[] {
  const out: Template[] = [];
  for (const [eventType, languages] of Object.entries(TEXTS)) {
    for (const [language, channels] of Object.entries(languages)) {
      for (const [channel, text] of Object.entries(channels) as [Channel, Text][]) {
        out.push({
          id: templateId(eventType, channel, language),
          eventType,
          channel,
          language,
          subject: text.subject,
          body: text.body,
          updatedAt,
          updatedBy: 'system',
        });
      }
    }
  }
  return out;
}
