// Moved to @pcn/platform: the backends check the same secret for ErasePersonalData.
export { carriesOperatorSecret } from '@pcn/platform';
