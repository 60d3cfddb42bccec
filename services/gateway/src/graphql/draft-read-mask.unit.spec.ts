import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DRAFT_READ_PATHS, draftReadMask } from './draft-read-mask.js';
import { createGatewaySchema } from './schema.js';

describe('draftReadMask', () => {
  it('knows every field of the schema’s Draft type', () => {
    const draft = createGatewaySchema().getType('Draft');
    expect(isObjectType(draft)).toBe(true);
    if (!isObjectType(draft)) return;
    const missing = Object.keys(draft.getFields()).filter(
      (name) => !Object.hasOwn(DRAFT_READ_PATHS, name),
    );
    expect(missing).toEqual([]);
  });

  it('asks for the paths of the selected fields, plus the id and the readable languages', () => {
    expect(draftReadMask(['id', 'title', 'status'])?.sort()).toEqual(
      ['content.title', 'id', 'readable_languages', 'status'].sort(),
    );
    expect(draftReadMask(['targetUnits', 'ethnicGroups', '__typename'])?.sort()).toEqual(
      ['id', 'readable_languages', 'target'].sort(),
    );
  });

  it('asks for the whole draft when a field is unknown', () => {
    expect(draftReadMask(['id', 'somethingNew'])).toBeUndefined();
    expect(draftReadMask(['toString'])).toBeUndefined();
  });
});
