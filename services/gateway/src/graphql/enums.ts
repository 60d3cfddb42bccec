/**
 * GraphQL enum values are the upper-case spellings of the services' values (IN_APP ↔ in_app,
 * AGENCY_EDITOR ↔ agency_editor). The types carry the spelling over, so where a service declares
 * its values (identity's levels, kinds and roles) the compiler checks both lists agree.
 */
export const lower = <E extends string>(value: E): Lowercase<E> =>
  value.toLowerCase() as Lowercase<E>;

export const upper = <S extends string>(value: S): Uppercase<S> =>
  value.toUpperCase() as Uppercase<S>;
