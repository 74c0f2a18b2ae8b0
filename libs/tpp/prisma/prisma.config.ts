// prismaConfig is kept out of @fapi/persistence's public index (it loads prisma/config), so take it from its built file.
import { prismaConfig } from '@fapi/persistence/dist/prisma-config';

export default prismaConfig('tpp');
