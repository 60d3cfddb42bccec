/**
 * The data every draft event carries, valid against the event catalogue (`DraftCreated` as it
 * is; with `consultationWindow()` a `ConsultationOpened`); a test overrides what it needs.
 */
export function draftEventData(
  draftId: string,
  overrides: { title?: { vi: string } & Record<string, string>; targetUnitIds?: string[] } = {},
) {
  return {
    draftId,
    code: `T-${draftId}`,
    documentType: 'provincial_decision',
    agencyId: 'org-test',
    title: { vi: 'Dự thảo thử nghiệm' },
    languages: ['vi'],
    targetUnitIds: [] as string[],
    ethnicGroups: [] as string[],
    audienceGroups: [] as string[],
    policyAreas: [] as string[],
    publicDisclosure: true,
    version: 1,
    ...overrides,
  };
}

/** A consultation open from now for `days` days. */
export function consultationWindow(days = 20, now = Date.now()) {
  return {
    opensAt: new Date(now).toISOString(),
    closesAt: new Date(now + days * 86_400_000).toISOString(),
  };
}
