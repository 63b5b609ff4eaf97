import { projectConfig } from '../../vitest.shared.ts';

export default projectConfig('pack-test');
