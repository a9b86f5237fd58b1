/** Entry of the database worker thread. */
import './host/worker-entry'
